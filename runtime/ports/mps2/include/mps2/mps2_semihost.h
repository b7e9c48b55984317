/* mps2_semihost.h — ARM semihosting (`bkpt 0xAB`) as QEMU implements it with
 * `-semihosting-config enable=on,target=native`: console text, host files
 * (relative to QEMU's working directory), the per-instance command line and
 * the exit code. Every call blocks the CPU until the host has done the work. */
#ifndef MPS2_SEMIHOST_H
#define MPS2_SEMIHOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* File open modes (the ISO C fopen modes, binary variants).
 * QEMU 7.2 opens the append modes WITHOUT O_APPEND: writes land at offset 0
 * and overwrite the file's start (seen on this machine). Use
 * mps2_sh_open_append, which seeks to the end explicitly. */
enum mps2_sh_mode {
    MPS2_SH_READ = 1,       /* "rb"  */
    MPS2_SH_READ_WRITE = 3, /* "r+b" */
    MPS2_SH_WRITE = 5,      /* "wb": create or truncate */
    MPS2_SH_UPDATE = 7,     /* "w+b" */
    MPS2_SH_APPEND = 9,     /* "ab"  */
    MPS2_SH_APPEND_RW = 11  /* "a+b" */
};

/* Writes a NUL-terminated string to the semihosting console (QEMU routes it to
 * the chardev given in -semihosting-config, else its stderr). */
void mps2_sh_write0(const char *text);

/* Opens `path`; returns a handle >= 0 or -1. */
int32_t mps2_sh_open(const char *path, enum mps2_sh_mode mode);
/* Opens `path` for writing at its end, creating it when missing (r+b, then
 * a seek to the length; wb when it does not exist). Returns a handle or -1. */
int32_t mps2_sh_open_append(const char *path);
/* Returns 0 on success, -1 on failure. */
int32_t mps2_sh_close(int32_t handle);
/* Writes all `len` bytes; returns 0 on success, -1 when not everything was written. */
int32_t mps2_sh_write(int32_t handle, const void *data, size_t len);
/* Reads up to `len` bytes; returns the number read (0 at end of file) or -1.
 * (SYS_READ itself returns the count NOT read; this converts it.) */
int32_t mps2_sh_read(int32_t handle, void *buf, size_t len);
/* Moves to absolute byte `offset`; returns 0 or -1. */
int32_t mps2_sh_seek(int32_t handle, uint32_t offset);
/* Returns the file's length in bytes or -1. */
int32_t mps2_sh_flen(int32_t handle);
/* Returns 0 or -1 (e.g. the file does not exist). */
int32_t mps2_sh_remove(const char *path);
/* Renames, replacing `to` if it exists on POSIX hosts; returns 0 or -1. */
int32_t mps2_sh_rename(const char *from, const char *to);

/* Host wall-clock seconds since 1970 (SYS_TIME); 0 when unavailable. */
uint32_t mps2_sh_time(void);

/* The host errno of the last failed call (SYS_ERRNO), e.g. 2 = ENOENT. */
int32_t mps2_sh_errno(void);
#define MPS2_SH_ENOENT 2

/* Copies the instance's command line (QEMU: the `arg=` items of
 * -semihosting-config joined by spaces) into buf; returns its length or -1. */
int32_t mps2_sh_get_cmdline(char *buf, size_t size);

/* Finds `key=<decimal>` in a command line; returns 0 and sets *value, or -1
 * when the key is missing or its value is not a decimal number < 2^31. */
int32_t mps2_cmdline_u32(const char *cmdline, const char *key, uint32_t *value);

/* True when `item` is one of the command line's space-separated words. */
bool mps2_cmdline_has(const char *cmdline, const char *item);

/* Stops QEMU with exit status `code` (SYS_EXIT_EXTENDED). Never returns. */
_Noreturn void mps2_sh_exit(uint32_t code);

#endif /* MPS2_SEMIHOST_H */
