/*
 * raft_posix_node.h — the host platform of a native node process: clocks,
 * entropy, the stdin/stdout line control channel and the event loop that
 * drives one or more raft_servers (several for the channel transport, whose
 * nodes all live in one process).
 *
 * Control channel: request lines are read from `input_fd` (stdin), reply and
 * event lines are written to `output_fd` (stdout), buffered and flushed
 * before the loop waits, so a reply is never held back while the node sleeps.
 * A line longer than RAFT_CONTROL_LINE_MAX is answered `line-too-long` and
 * skipped up to its '\n'. Nothing else is written to the output.
 *
 * The loop ends when every server has stopped (`shutdown`, or a fatal
 * error), on SIGTERM/SIGINT (taken through a signalfd, so no global signal
 * flag) or when the input reaches end of file (the launcher went away). The
 * servers sync every batch before they acknowledge it, so leaving the loop at
 * any of these points loses nothing acknowledged.
 *
 * The loop sleeps in poll() on the input, the signal descriptor and every
 * server's transport descriptor (raft_transport_wait_fd), at most
 * raft_server_idle_ms(); it never busy-polls. For the in-process channel it
 * does not sleep while a message is still queued in the hub.
 */
#ifndef RAFT_POSIX_NODE_H
#define RAFT_POSIX_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "raft/raft_control.h"
#include "raft/raft_platform.h"
#include "raft/raft_server.h"
#include "raft/raft_transport.h"

/* Output buffered between two waits: many lines per write(2) under load. */
#define RAFT_POSIX_NODE_OUTPUT_BUFFER 65536u
/* One request line and its '\n'. */
#define RAFT_POSIX_NODE_INPUT_BUFFER (RAFT_CONTROL_LINE_MAX + 1u)

/* Why raft_posix_node_run returned. */
enum raft_posix_node_exit {
    RAFT_POSIX_NODE_ALL_STOPPED = 0, /* every server stopped (shutdown or fatal) */
    RAFT_POSIX_NODE_SIGNALLED = 1,   /* SIGTERM or SIGINT */
    RAFT_POSIX_NODE_INPUT_CLOSED = 2 /* end of file on the input */
};

struct raft_posix_node {
    int input_fd;
    int output_fd;
    int signal_fd;          /* -1 when signals are not taken */
    bool input_closed;
    bool output_broken;     /* the reader went away: output is dropped */
    bool signalled;
    bool discarding;        /* inside an over-long line: skip to its '\n' */
    bool input_readable;    /* the last poll saw the input ready */
    uint64_t clock_origin_us;
    int wait_fds[RAFT_MAX_NODES];  /* the servers' transport descriptors (run) */
    unsigned wait_fd_count;
    const struct raft_channel_hub *hub; /* run: do not sleep while it holds messages */
    size_t in_len;
    size_t out_len;
    char in[RAFT_POSIX_NODE_INPUT_BUFFER];
    char out[RAFT_POSIX_NODE_OUTPUT_BUFFER];
};

/* Bind the channel to input_fd/output_fd and, when take_signals, block
 * SIGTERM and SIGINT for the process and read them from a signalfd instead;
 * SIGPIPE is ignored (a vanished reader must not kill the node before its
 * storage is closed). Returns 0, or -1 with errno set. */
int raft_posix_node_init(struct raft_posix_node *pn, int input_fd, int output_fd, bool take_signals);
/* Flush the output and close the signal descriptor. */
void raft_posix_node_close(struct raft_posix_node *pn);

/* The platform every server of this process uses (clocks, seed, line output,
 * idle). */
struct raft_platform raft_posix_node_platform(struct raft_posix_node *pn);

/* Drive `servers` until they stop, a signal arrives or the input closes.
 * With count == 1 and no prefix a line goes straight to the server; several
 * servers (prefix_lines set) get their lines by "@<id>" prefix. `hub` is the
 * channel the servers share, or NULL (UDP). */
enum raft_posix_node_exit raft_posix_node_run(struct raft_posix_node *pn, struct raft_server *const *servers,
                                              unsigned count, const struct raft_channel_hub *hub);

/* Write any buffered output now (also done before every wait). */
void raft_posix_node_flush(struct raft_posix_node *pn);

#endif
