/* mps2_console.c — UART0 request lines to the server(s). */
#include "mps2/mps2_console.h"

#include <string.h>

#include "raft/raft_control.h"

_Static_assert(MPS2_UART_LINE_MAX >= RAFT_CONTROL_LINE_MAX,
               "MPS2_UART_LINE_MAX must take the longest control line (RAFT_CONTROL_LINE_MAX)");

void mps2_console_serve(struct mps2_uart *uart, const struct raft_platform *platform,
                        struct mps2_commit_probe *probe, mps2_console_deliver deliver, void *ctx)
{
    char line[MPS2_UART_LINE_MAX + 1u]; /* on the stack: it is free while the node waits */
    for (;;) {
        enum mps2_uart_line got = mps2_uart_read_line(uart, line, sizeof line);
        if (got == MPS2_UART_NO_LINE) {
            return;
        }
        if (got == MPS2_UART_LINE_TOO_LONG) {
            const struct raft_control_parse_error too_long = {RAFT_CTL_ERR_LINE_TOO_LONG,
                                                              RAFT_CONTROL_LINE_MAX + 1u};
            char reply[64];
            size_t n = raft_control_reply_parse_error(reply, sizeof reply, 0, "-", &too_long);
            if (n > 0u) {
                platform->write_line(platform->ctx, reply, n - 1u); /* without its '\n' */
            }
            continue;
        }
        size_t len = strlen(line);
        mps2_commit_probe_request(probe, line, len);
        deliver(ctx, line, len);
    }
}
