using System;
using System.Security.Cryptography;
using System.Text;

namespace NativeMcp.Runtime.Registry;

/// <summary>
/// Encrypts what the registry stores of a server's env (the values are credentials): AES-256-GCM under a key derived
/// from the configured encryption key with HKDF-SHA256, a fresh 12-byte nonce per write, and the row's id as
/// associated data, so a ciphertext copied onto another row does not decrypt. Stored form: version byte, nonce, tag,
/// ciphertext.
/// </summary>
internal sealed class SecretBox
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Info = Encoding.UTF8.GetBytes("nativemcp registry env v1");

    private readonly byte[] _key;

    public SecretBox(string secret)
    {
        if (string.IsNullOrEmpty(secret)) throw new ArgumentException("the encryption key is empty", nameof(secret));
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, salt: null, info: Info);
    }

    public byte[] Seal(byte[] plaintext, string id)
    {
        var sealedBytes = new byte[1 + NonceSize + TagSize + plaintext.Length];
        sealedBytes[0] = Version;
        var nonce = sealedBytes.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(1 + NonceSize + TagSize), sealedBytes.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(id));
        return sealedBytes;
    }

    /// <summary>The plaintext; throws <see cref="CryptographicException"/> when the key is not the one it was sealed with.</summary>
    public byte[] Open(byte[] sealedBytes, string id)
    {
        if (sealedBytes.Length < 1 + NonceSize + TagSize || sealedBytes[0] != Version) throw new CryptographicException("not a sealed registry value");
        var plaintext = new byte[sealedBytes.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(1, NonceSize), sealedBytes.AsSpan(1 + NonceSize + TagSize), sealedBytes.AsSpan(1 + NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(id));
        return plaintext;
    }
}
