/* mps2_console.h — the node's control console: complete request lines from
 * UART0 (mps2_uart.h) to the server(s), as a generated firmware main serves
 * them on every turn of its loop.
 *
 * A line longer than the UART takes is answered like the control parser
 * answers one (`- err bad-request line-too-long col=N`), so a client sees the
 * same reply natively and on the board. Each request is shown to the commit
 * probe before the server gets it, so writes are timed from their arrival. */
#ifndef MPS2_CONSOLE_H
#define MPS2_CONSOLE_H

#include <stddef.h>

#include "mps2/mps2_commit_probe.h"
#include "mps2/mps2_uart.h"
#include "raft/raft_platform.h"

/* Gets one request line (without its '\n'): raft_server_handle_line, or
 * raft_servers_dispatch_line for an image of several nodes. */
typedef void (*mps2_console_deliver)(void *ctx, const char *line, size_t len);

/* Hands every complete line waiting in the UART to `deliver`; never blocks.
 * Replies for over-long lines go out through `platform->write_line`. */
void mps2_console_serve(struct mps2_uart *uart, const struct raft_platform *platform,
                        struct mps2_commit_probe *probe, mps2_console_deliver deliver, void *ctx);

#endif /* MPS2_CONSOLE_H */
