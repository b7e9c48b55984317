/* console_check.c — bring-up firmware (a): the UART0 line console, semihosting
 * files and the exit status, driven from the host by check/console-check.sh.
 *
 * UART commands (one per line, one reply line each):
 *   echo TEXT     -> TEXT
 *   files         -> "files ok ..." or "files fail STEP" (semihosting file round trip)
 *   clock         -> "clock us=... ms=... ticks=..."
 *   exit CODE     -> no reply; QEMU exits with CODE
 *   pause MS      -> "paused": sleeps MS ms without reading the UART (input piles up)
 *   overflow      -> unbounded recursion: the MPU stack guard must stop it (exit 134)
 *   badread       -> a load from unmapped memory: BusFault report (exit 134)
 * A line longer than MPS2_UART_LINE_MAX gets "error line too long". */
#include <stdint.h>
#include <string.h>

#include "bringup_text.h"
#include "mps2/mps2_board.h"
#include "mps2/mps2_clock.h"
#include "mps2/mps2_semihost.h"
#include "mps2/mps2_startup.h"
#include "mps2/mps2_uart.h"

#define FILE_BYTES 1000u

static struct mps2_uart console;

static void name_file(struct text_line *name, uint32_t node, const char *suffix)
{
    text_reset(name);
    text_add(name, "console_check_node");
    text_add_u64(name, node);
    text_add(name, suffix);
}

static uint8_t pattern_byte(uint32_t i)
{
    return (uint8_t)(i * 7u + 3u);
}

/* Write, read back, seek, replace by rename (the metadata pattern), remove. */
static const char *file_round_trip(uint32_t node)
{
    struct text_line tmp, final;
    name_file(&tmp, node, "_meta.tmp");
    name_file(&final, node, "_meta.bin");
    uint8_t block[FILE_BYTES];
    for (uint32_t i = 0; i < FILE_BYTES; i++) {
        block[i] = pattern_byte(i);
    }
    /* an older version of the file, to be replaced atomically */
    int32_t h = mps2_sh_open(final.buf, MPS2_SH_WRITE);
    if (h < 0 || mps2_sh_write(h, "old", 3u) != 0 || mps2_sh_close(h) != 0) {
        return "write-old";
    }
    h = mps2_sh_open(tmp.buf, MPS2_SH_WRITE);
    if (h < 0 || mps2_sh_write(h, block, FILE_BYTES) != 0 || mps2_sh_close(h) != 0) {
        return "write";
    }
    if (mps2_sh_rename(tmp.buf, final.buf) != 0) {
        return "rename";
    }
    if (mps2_sh_open(tmp.buf, MPS2_SH_READ) >= 0) {
        return "temp-still-there";
    }
    h = mps2_sh_open(final.buf, MPS2_SH_READ);
    if (h < 0) {
        return "open-final";
    }
    if (mps2_sh_flen(h) != (int32_t)FILE_BYTES) {
        return "flen";
    }
    uint8_t back[100];
    if (mps2_sh_seek(h, 500u) != 0 || mps2_sh_read(h, back, sizeof back) != (int32_t)sizeof back) {
        return "seek-read";
    }
    for (uint32_t i = 0; i < sizeof back; i++) {
        if (back[i] != pattern_byte(500u + i)) {
            return "content";
        }
    }
    if (mps2_sh_seek(h, FILE_BYTES - 10u) != 0 || mps2_sh_read(h, back, sizeof back) != 10) {
        return "short-read-at-end";
    }
    if (mps2_sh_close(h) != 0) {
        return "close";
    }
    h = mps2_sh_open_append(final.buf);
    if (h < 0 || mps2_sh_write(h, block, 24u) != 0 || mps2_sh_close(h) != 0) {
        return "append";
    }
    h = mps2_sh_open(final.buf, MPS2_SH_READ);
    if (h < 0 || mps2_sh_flen(h) != (int32_t)(FILE_BYTES + 24u)) {
        return "append-length";
    }
    if (mps2_sh_seek(h, FILE_BYTES) != 0 || mps2_sh_read(h, back, 24u) != 24 || memcmp(back, block, 24u) != 0
        || mps2_sh_close(h) != 0) {
        return "append-content";
    }
    /* append to a file that does not exist yet creates it */
    h = mps2_sh_open_append(tmp.buf);
    if (h < 0 || mps2_sh_write(h, "x", 1u) != 0 || mps2_sh_flen(h) != 1 || mps2_sh_close(h) != 0
        || mps2_sh_remove(tmp.buf) != 0) {
        return "append-create";
    }
    if (mps2_sh_remove(final.buf) != 0 || mps2_sh_open(final.buf, MPS2_SH_READ) >= 0) {
        return "remove";
    }
    if (mps2_sh_remove(final.buf) == 0) {
        return "remove-missing-succeeded";
    }
    return NULL;
}

/* Recurses until the stack runs into the MPU guard; the volatile buffer keeps
 * every frame on the stack. */
static uint32_t recurse(uint32_t depth)
{
    volatile uint8_t frame[64];
    frame[depth % sizeof frame] = (uint8_t)depth;
    if (depth > 1000000u) { /* far beyond any stack: the guard stops it first */
        return depth;
    }
    return recurse(depth + 1u) + frame[(depth + 1u) % sizeof frame];
}

static bool console_has_input(void *ctx)
{
    return mps2_uart_rx_pending(ctx);
}

int main(void)
{
    mps2_clock_init();
    mps2_uart_init(&console);

    char cmdline[96];
    uint32_t node = 0;
    if (mps2_sh_get_cmdline(cmdline, sizeof cmdline) < 0 || mps2_cmdline_u32(cmdline, "node", &node) != 0) {
        mps2_sh_write0("console-check: no node=N in the semihosting arguments "
                       "(add arg=node=N to -semihosting-config)\n");
        return 2;
    }
    struct text_line reply;
    text_reset(&reply);
    text_add(&reply, "ready node=");
    text_add_u64(&reply, node);
    text_add_field(&reply, "boot_us", mps2_clock_us());
    mps2_uart_write_line(&console, reply.buf);
    mps2_sh_write0("console-check: booted\n");

    char line[MPS2_UART_LINE_MAX + 1u];
    for (;;) {
        mps2_idle(console_has_input, &console);
        enum mps2_uart_line got = mps2_uart_read_line(&console, line, sizeof line);
        if (got == MPS2_UART_NO_LINE) {
            continue;
        }
        const char *arg;
        if (got == MPS2_UART_LINE_TOO_LONG) {
            mps2_uart_write_line(&console, "error line too long");
        } else if ((arg = text_after_word(line, "echo")) != NULL) {
            mps2_uart_write_line(&console, arg);
        } else if (text_after_word(line, "files") != NULL) {
            const char *failed = file_round_trip(node);
            text_reset(&reply);
            if (failed == NULL) {
                text_add(&reply, "files ok");
                text_add_field(&reply, "bytes", FILE_BYTES);
            } else {
                text_add(&reply, "files fail ");
                text_add(&reply, failed);
            }
            mps2_uart_write_line(&console, reply.buf);
        } else if (text_after_word(line, "clock") != NULL) {
            text_reset(&reply);
            text_add(&reply, "clock");
            text_add_field(&reply, "us", mps2_clock_us());
            text_add_field(&reply, "ms", mps2_clock_ms());
            text_add_field(&reply, "ticks", mps2_clock_ticks());
            mps2_uart_write_line(&console, reply.buf);
        } else if (text_after_word(line, "stack") != NULL) {
            text_reset(&reply);
            text_add(&reply, "stack");
            text_add_field(&reply, "unused", mps2_stack_unused());
            text_add_field(&reply, "uart_rx_stalls", console.rx_stalls);
            text_add_field(&reply, "uart_lines_too_long", console.lines_too_long);
            mps2_uart_write_line(&console, reply.buf);
        } else if ((arg = text_after_word(line, "pause")) != NULL) {
            uint32_t ms = 0;
            (void)text_take_u32(&arg, &ms);
            uint64_t until = mps2_clock_ms() + ms;
            while (mps2_clock_ms() < until) {
                mps2_idle(NULL, NULL); /* wakes on every interrupt; the UART is not read */
            }
            mps2_uart_write_line(&console, "paused");
        } else if (text_after_word(line, "overflow") != NULL) {
            mps2_uart_flush(&console);
            text_reset(&reply);
            text_add_u64(&reply, recurse(0));
        } else if (text_after_word(line, "badread") != NULL) {
            mps2_uart_flush(&console);
            text_reset(&reply);
            text_add_u64(&reply, *(volatile const uint32_t *)(uintptr_t)0xE0100000u); /* reserved */
        } else if ((arg = text_after_word(line, "exit")) != NULL) {
            uint32_t code = 0;
            if (!text_take_u32(&arg, &code) || code > 255u) {
                mps2_uart_write_line(&console, "error exit needs a code 0..255");
                continue;
            }
            mps2_uart_flush(&console);
            mps2_sh_exit(code);
        } else {
            text_reset(&reply);
            text_add(&reply, "error unknown command: ");
            text_add(&reply, line);
            mps2_uart_write_line(&console, reply.buf);
        }
    }
}
