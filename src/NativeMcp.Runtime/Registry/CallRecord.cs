using System;
using System.Collections.Generic;

namespace NativeMcp.Runtime.Registry;

/// <summary>One tenant tool call as the call log keeps it; input and output are already redacted.</summary>
internal sealed record CallRecord(string Id, DateTimeOffset Time, string TenantId, string ServerId, string Tool, string Status, double DurationMs, string? Input, string? Output, string? Error);

/// <summary>
/// A read of the call log: every filter optional (null: any), <paramref name="From"/> inclusive and
/// <paramref name="To"/> exclusive, newest first, <paramref name="Page"/> counted from 1.
/// </summary>
internal sealed record CallQuery(string? Status, string? Tool, string? TenantId, DateTimeOffset? From, DateTimeOffset? To, int Page, int PageSize);

/// <summary>One page of the call log and the number of calls that match the filters on every page.</summary>
internal sealed record CallPage(IReadOnlyList<CallRecord> Calls, long Total);
