/* mps2_semihost.c — ARM semihosting calls (`bkpt 0xAB`, r0 = operation,
 * r1 = parameter block of 32-bit words). */
#include "mps2/mps2_semihost.h"

#include <string.h>

enum sh_op {
    SH_SYS_OPEN = 0x01,
    SH_SYS_CLOSE = 0x02,
    SH_SYS_WRITE0 = 0x04,
    SH_SYS_WRITE = 0x05,
    SH_SYS_READ = 0x06,
    SH_SYS_SEEK = 0x0A,
    SH_SYS_FLEN = 0x0C,
    SH_SYS_REMOVE = 0x0E,
    SH_SYS_RENAME = 0x0F,
    SH_SYS_TIME = 0x11,
    SH_SYS_ERRNO = 0x13,
    SH_SYS_GET_CMDLINE = 0x15,
    SH_SYS_EXIT_EXTENDED = 0x20
};

#define SH_ADP_STOPPED_APPLICATION_EXIT 0x20026u

/* The parameter block is read (and for some calls written) by the host, so the
 * "memory" clobber keeps the compiler from caching it across the trap. */
static int32_t sh_call(uint32_t op, void *block)
{
    register uint32_t r0 __asm("r0") = op;
    register void *r1 __asm("r1") = block;
    __asm volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return (int32_t)r0;
}

static uint32_t word_of(const void *p)
{
    return (uint32_t)(uintptr_t)p;
}

void mps2_sh_write0(const char *text)
{
    (void)sh_call(SH_SYS_WRITE0, (void *)(uintptr_t)text);
}

int32_t mps2_sh_open(const char *path, enum mps2_sh_mode mode)
{
    uint32_t block[3] = { word_of(path), (uint32_t)mode, (uint32_t)strlen(path) };
    int32_t handle = sh_call(SH_SYS_OPEN, block);
    return handle < 0 ? -1 : handle;
}

int32_t mps2_sh_open_append(const char *path)
{
    int32_t handle = mps2_sh_open(path, MPS2_SH_READ_WRITE);
    if (handle < 0) {
        return mps2_sh_open(path, MPS2_SH_WRITE); /* missing: create it empty */
    }
    int32_t len = mps2_sh_flen(handle);
    if (len < 0 || mps2_sh_seek(handle, (uint32_t)len) != 0) {
        (void)mps2_sh_close(handle);
        return -1;
    }
    return handle;
}

int32_t mps2_sh_close(int32_t handle)
{
    uint32_t block[1] = { (uint32_t)handle };
    return sh_call(SH_SYS_CLOSE, block) == 0 ? 0 : -1;
}

int32_t mps2_sh_write(int32_t handle, const void *data, size_t len)
{
    uint32_t block[3] = { (uint32_t)handle, word_of(data), (uint32_t)len };
    /* SYS_WRITE returns the number of bytes NOT written. */
    return sh_call(SH_SYS_WRITE, block) == 0 ? 0 : -1;
}

int32_t mps2_sh_read(int32_t handle, void *buf, size_t len)
{
    uint32_t block[3] = { (uint32_t)handle, word_of(buf), (uint32_t)len };
    int32_t not_read = sh_call(SH_SYS_READ, block);
    if (not_read < 0 || (uint32_t)not_read > len) {
        return -1;
    }
    return (int32_t)(len - (uint32_t)not_read);
}

int32_t mps2_sh_seek(int32_t handle, uint32_t offset)
{
    uint32_t block[2] = { (uint32_t)handle, offset };
    return sh_call(SH_SYS_SEEK, block) == 0 ? 0 : -1;
}

int32_t mps2_sh_flen(int32_t handle)
{
    uint32_t block[1] = { (uint32_t)handle };
    int32_t len = sh_call(SH_SYS_FLEN, block);
    return len < 0 ? -1 : len;
}

int32_t mps2_sh_remove(const char *path)
{
    uint32_t block[2] = { word_of(path), (uint32_t)strlen(path) };
    return sh_call(SH_SYS_REMOVE, block) == 0 ? 0 : -1;
}

int32_t mps2_sh_rename(const char *from, const char *to)
{
    uint32_t block[4] = { word_of(from), (uint32_t)strlen(from), word_of(to), (uint32_t)strlen(to) };
    return sh_call(SH_SYS_RENAME, block) == 0 ? 0 : -1;
}

uint32_t mps2_sh_time(void)
{
    int32_t t = sh_call(SH_SYS_TIME, NULL);
    return t < 0 ? 0u : (uint32_t)t;
}

int32_t mps2_sh_errno(void)
{
    return sh_call(SH_SYS_ERRNO, NULL);
}

int32_t mps2_sh_get_cmdline(char *buf, size_t size)
{
    if (size == 0) {
        return -1;
    }
    uint32_t block[2] = { word_of(buf), (uint32_t)size };
    if (sh_call(SH_SYS_GET_CMDLINE, block) != 0) {
        buf[0] = '\0';
        return -1;
    }
    /* The host updates block[1] to the length it wrote (without the NUL). */
    uint32_t len = block[1] < size ? block[1] : (uint32_t)(size - 1);
    buf[len] = '\0';
    return (int32_t)len;
}

_Noreturn void mps2_sh_exit(uint32_t code)
{
    uint32_t block[2] = { SH_ADP_STOPPED_APPLICATION_EXIT, code };
    for (;;) {
        (void)sh_call(SH_SYS_EXIT_EXTENDED, block);
    }
}
