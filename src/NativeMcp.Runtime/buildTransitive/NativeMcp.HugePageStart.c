/* Linked into every Linux NativeMcp server unless NativeMcpHugePageStart=false (NativeMcp.Aot.props).

   Why: most of a NativeAOT server's start is the runtime rehydrating its type data into a zero-filled section of
   the executable (.bss and .hydrated: 3.9 MB for LinkTime's 32 tools, all but 150 kB of it written at start), one
   first-touch page fault per 4 KB page. Before main runs, this asks the kernel to back that range with transparent
   huge pages where it can (MADV_HUGEPAGE: one fault and one zeroing per 2 MB block) and to fault it all in at once
   (MADV_POPULATE_WRITE). Only whole 2 MB blocks inside the range can be huge pages, so where ASLR places it decides
   whether a 3.9 MB range holds one (9 starts in 10) or none. Measured on LinkTime's server (bench/README.md):
   exec -> initialize and page faults per start down, peak RSS the same. ASLR is untouched: the range is found from
   the program headers at run time.

   Both calls are hints. A kernel without transparent huge pages, or older than 5.14 (no MADV_POPULATE_WRITE),
   returns an error that is ignored, and the pages fault in one by one as they would have. */
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

/* The zero-filled tail of each writable segment of the executable: the part past what the file supplies. */
static int nativemcp_populate_zero_fill(struct dl_phdr_info *info, size_t size, void *unused)
{
    (void)size;
    (void)unused;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    for (int i = 0; i < info->dlpi_phnum; i++)
    {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        if (segment->p_type != PT_LOAD || !(segment->p_flags & PF_W) || segment->p_memsz <= segment->p_filesz)
            continue;
        /* The page that holds the file's last bytes is mapped from the file: start at the next one. */
        uintptr_t start = (info->dlpi_addr + segment->p_vaddr + segment->p_filesz + page - 1) & ~(page - 1);
        uintptr_t end = (info->dlpi_addr + segment->p_vaddr + segment->p_memsz + page - 1) & ~(page - 1);
        if (end <= start)
            continue;
        madvise((void *)start, end - start, MADV_HUGEPAGE);
        madvise((void *)start, end - start, MADV_POPULATE_WRITE);
    }
    return 1; /* The first object listed is the executable itself; shared libraries are left alone. */
}

/* Priority 101, the first a program may use: before any other constructor of the executable's can write to the
   range, since a 2 MB block with one page already in memory gets no huge page when it is faulted in. */
__attribute__((constructor(101))) static void nativemcp_huge_page_start(void)
{
    dl_iterate_phdr(nativemcp_populate_zero_fill, 0);
}
