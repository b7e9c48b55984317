/* raft_posix_node.c — native node process: clocks, line channel, event loop. */
#define _GNU_SOURCE /* signalfd, getrandom */

#include "raft_posix_node.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

/* poll(): the input, the signal descriptor and one descriptor per server. */
#define POLL_SLOTS (RAFT_MAX_NODES + 2u)

static uint64_t monotonic_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* ---- platform ops --------------------------------------------------------------- */

static uint64_t node_now_us(void *ctx)
{
    struct raft_posix_node *pn = ctx;
    return monotonic_us() - pn->clock_origin_us;
}

static uint32_t node_now_ms(void *ctx)
{
    return (uint32_t)(node_now_us(ctx) / 1000u); /* wraps after 49 days, as the runtime expects */
}

static uint32_t node_seed(void *ctx)
{
    (void)ctx;
    uint32_t seed = 0;
    if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) != (ssize_t)sizeof seed) {
        /* no entropy yet (early boot): time and pid still differ between nodes and runs */
        uint64_t t = monotonic_us();
        seed = (uint32_t)(t ^ (t >> 32)) ^ ((uint32_t)getpid() * 2654435761u);
    }
    return seed;
}

void raft_posix_node_flush(struct raft_posix_node *pn)
{
    size_t done = 0;
    while (done < pn->out_len && !pn->output_broken) {
        ssize_t n = write(pn->output_fd, pn->out + done, pn->out_len - done);
        if (n > 0) {
            done += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            /* someone made the output non-blocking: wait until the reader catches up */
            struct pollfd p = {.fd = pn->output_fd, .events = POLLOUT};
            (void)poll(&p, 1, -1);
        } else {
            pn->output_broken = true; /* EPIPE and friends: nobody reads any more */
        }
    }
    pn->out_len = 0;
}

static void node_write_line(void *ctx, const char *line, size_t len)
{
    struct raft_posix_node *pn = ctx;
    if (pn->output_broken) {
        return;
    }
    if (pn->out_len + len + 1u > sizeof pn->out) {
        raft_posix_node_flush(pn);
    }
    if (len + 1u > sizeof pn->out) {
        len = sizeof pn->out - 1u; /* cannot happen: lines are at most RAFT_CONTROL_LINE_MAX */
    }
    memcpy(pn->out + pn->out_len, line, len);
    pn->out[pn->out_len + len] = '\n';
    pn->out_len += len + 1u;
}

static bool hub_holds_messages(const struct raft_channel_hub *hub)
{
    if (hub == NULL) {
        return false;
    }
    for (uint32_t i = 0; i < hub->attached; i++) {
        if (hub->rings[i].used > 0) {
            return true;
        }
    }
    return false;
}

static void take_signals(struct raft_posix_node *pn)
{
    struct signalfd_siginfo info;
    while (read(pn->signal_fd, &info, sizeof info) == (ssize_t)sizeof info) {
        pn->signalled = true;
    }
}

static void node_idle(void *ctx, uint32_t max_wait_ms)
{
    struct raft_posix_node *pn = ctx;
    raft_posix_node_flush(pn);
    if (hub_holds_messages(pn->hub)) {
        max_wait_ms = 0;
    }
    struct pollfd fds[POLL_SLOTS];
    nfds_t n = 0;
    if (!pn->input_closed) {
        fds[n++] = (struct pollfd){.fd = pn->input_fd, .events = POLLIN};
    }
    if (pn->signal_fd >= 0) {
        fds[n++] = (struct pollfd){.fd = pn->signal_fd, .events = POLLIN};
    }
    for (unsigned i = 0; i < pn->wait_fd_count; i++) {
        fds[n++] = (struct pollfd){.fd = pn->wait_fds[i], .events = POLLIN};
    }
    int timeout = max_wait_ms > (uint32_t)INT32_MAX ? INT32_MAX : (int)max_wait_ms;
    int ready = poll(fds, n, timeout);
    /* Look at the input and the signals only when poll said so: a read
     * that finds nothing is a system call per wake-up, i.e. per commit
     * under load. Bytes that arrive after this poll wake the next one. */
    pn->input_readable = false;
    for (nfds_t i = 0; ready > 0 && i < n; i++) {
        if (fds[i].revents == 0) {
            continue;
        }
        if (fds[i].fd == pn->input_fd && !pn->input_closed) {
            pn->input_readable = true;
        } else if (fds[i].fd == pn->signal_fd) {
            take_signals(pn);
        }
    }
}

struct raft_platform raft_posix_node_platform(struct raft_posix_node *pn)
{
    return (struct raft_platform){
        .ctx = pn,
        .now_ms = node_now_ms,
        .now_us = node_now_us,
        .seed = node_seed,
        .write_line = node_write_line,
        .idle = node_idle,
    };
}

/* ---- set-up --------------------------------------------------------------------- */

int raft_posix_node_init(struct raft_posix_node *pn, int input_fd, int output_fd, bool take_signals_now)
{
    memset(pn, 0, sizeof *pn);
    pn->input_fd = input_fd;
    pn->output_fd = output_fd;
    pn->signal_fd = -1;
    pn->input_readable = false; /* until node_idle's poll says so: a read before it could block */
    pn->clock_origin_us = monotonic_us();
    struct sigaction ignore = {.sa_handler = SIG_IGN};
    if (sigaction(SIGPIPE, &ignore, NULL) != 0) {
        return -1;
    }
    if (take_signals_now) {
        sigset_t mask;
        sigemptyset(&mask);
        sigaddset(&mask, SIGTERM);
        sigaddset(&mask, SIGINT);
        if (sigprocmask(SIG_BLOCK, &mask, NULL) != 0) {
            return -1;
        }
        pn->signal_fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
        if (pn->signal_fd < 0) {
            return -1;
        }
    }
    return 0;
}

void raft_posix_node_close(struct raft_posix_node *pn)
{
    raft_posix_node_flush(pn);
    if (pn->signal_fd >= 0) {
        close(pn->signal_fd);
        pn->signal_fd = -1;
    }
}

/* ---- input ---------------------------------------------------------------------- */

static void deliver(struct raft_server *const *servers, unsigned count, const char *line, size_t len)
{
    if (count == 1 && !servers[0]->opt.prefix_lines) {
        raft_server_handle_line(servers[0], line, len);
    } else {
        raft_servers_dispatch_line(servers, count, line, len);
    }
}

/* Hand every complete line in the buffer to the servers; keep the rest. */
static void deliver_lines(struct raft_posix_node *pn, struct raft_server *const *servers, unsigned count)
{
    size_t start = 0;
    for (;;) {
        char *nl = memchr(pn->in + start, '\n', pn->in_len - start);
        if (nl == NULL) {
            break;
        }
        size_t len = (size_t)(nl - (pn->in + start)) + 1u;
        if (pn->discarding) {
            pn->discarding = false; /* the end of an over-long line: already answered */
        } else {
            deliver(servers, count, pn->in + start, len);
        }
        start += len;
    }
    memmove(pn->in, pn->in + start, pn->in_len - start);
    pn->in_len -= start;
    if (pn->in_len == sizeof pn->in) {
        /* no line end within RAFT_CONTROL_LINE_MAX bytes: the parser answers
         * line-too-long (its tag cannot be trusted), the rest is skipped */
        if (!pn->discarding) {
            deliver(servers, count, pn->in, pn->in_len);
        }
        pn->discarding = true;
        pn->in_len = 0;
    }
}

static bool input_ready(const struct raft_posix_node *pn)
{
    struct pollfd p = {.fd = pn->input_fd, .events = POLLIN};
    return poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR)) != 0;
}

/* Read what is waiting (never blocks: only after poll reported the input
 * readable, so stdin may stay a blocking terminal shared with a shell). */
static void pump_input(struct raft_posix_node *pn, struct raft_server *const *servers, unsigned count)
{
    if (!pn->input_readable) {
        return;
    }
    pn->input_readable = false;
    for (bool first = true; !pn->input_closed && (first || input_ready(pn)); first = false) {
        size_t room = sizeof pn->in - pn->in_len;
        ssize_t n = read(pn->input_fd, pn->in + pn->in_len, room);
        if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        }
        if (n <= 0) {
            pn->input_closed = true;
            if (pn->in_len > 0 && !pn->discarding) {
                deliver(servers, count, pn->in, pn->in_len); /* last line without '\n' */
            }
            pn->in_len = 0;
            return;
        }
        pn->in_len += (size_t)n;
        deliver_lines(pn, servers, count);
        if ((size_t)n < room) {
            return; /* drained for now; the servers get their turn */
        }
    }
}

/* ---- the loop ------------------------------------------------------------------- */

static bool all_stopped(struct raft_server *const *servers, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        if (!raft_server_stopped(servers[i])) {
            return false;
        }
    }
    return true;
}

enum raft_posix_node_exit raft_posix_node_run(struct raft_posix_node *pn, struct raft_server *const *servers,
                                              unsigned count, const struct raft_channel_hub *hub)
{
    pn->hub = hub;
    pn->wait_fd_count = 0;
    for (unsigned i = 0; i < count && pn->wait_fd_count < RAFT_MAX_NODES; i++) {
        int fd = raft_transport_wait_fd(servers[i]->transport);
        if (fd >= 0) {
            pn->wait_fds[pn->wait_fd_count++] = fd;
        }
    }
    enum raft_posix_node_exit why;
    for (;;) {
        pump_input(pn, servers, count);
        if (all_stopped(servers, count)) {
            why = RAFT_POSIX_NODE_ALL_STOPPED;
            break;
        }
        if (pn->signalled) {
            why = RAFT_POSIX_NODE_SIGNALLED;
            break;
        }
        if (pn->input_closed) {
            why = RAFT_POSIX_NODE_INPUT_CLOSED;
            break;
        }
        uint32_t wait = UINT32_MAX;
        for (unsigned i = 0; i < count; i++) {
            if (!raft_server_stopped(servers[i])) {
                raft_server_poll(servers[i]);
                uint32_t w = raft_server_idle_ms(servers[i]);
                wait = w < wait ? w : wait;
            }
        }
        if (all_stopped(servers, count)) {
            continue; /* a fatal error during poll: report it above */
        }
        node_idle(pn, wait);
    }
    raft_posix_node_flush(pn);
    return why;
}
