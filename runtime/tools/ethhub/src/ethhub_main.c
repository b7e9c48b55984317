/* ethhub_main.c — the virtual Ethernet hub for QEMU's `-netdev dgram`: one
 * unix datagram socket per port, a control language on stdin and/or a control
 * socket, and a single-threaded poll loop. No root needed, nothing leaves the
 * sockets in --dir.
 *
 *   ethhub --ports N --dir DIR [--seed S] [--control PATH] [--no-stdin]
 *          [--max-delayed FRAMES]
 *
 * Port P listens on DIR/hub-P.sock and delivers to DIR/node-P.sock, which is
 * what QEMU node P uses:
 *   -netdev dgram,id=eth0,local.type=unix,local.path=DIR/node-P.sock,
 *           remote.type=unix,remote.path=DIR/hub-P.sock
 * Datagram sockets because each QEMU frame is exactly one datagram (no framing,
 * no connection to lose when a node is killed and restarted), and the hub can
 * start, stop and outlive nodes in any order.
 *
 * On start it prints "ready ports=N" on stdout. Requests on stdin are answered
 * on stdout; requests on a control connection are answered on it. EOF on stdin
 * (the launcher went away) stops the hub, unless --no-stdin. SIGINT/SIGTERM
 * stop it too; it removes its own sockets on the way out. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "hub.h"
#include "hub_command.h"

#define MAX_CONTROL_CLIENTS 8
#define CONTROL_LINE_MAX 1024

struct line_reader {
    int fd;
    char buf[CONTROL_LINE_MAX];
    size_t used;
};

struct endpoint {
    int fd;
    struct sockaddr_un hub_addr;
    struct sockaddr_un node_addr;
};

struct app {
    struct hub hub;
    unsigned ports;
    struct endpoint port[HUB_MAX_PORTS + 1u];
    int control_listen;
    char control_path[108];
    struct line_reader control[MAX_CONTROL_CLIENTS];
    struct line_reader stdin_reader;
    bool use_stdin;
    bool quit;
    struct hub_text reply;
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static bool make_addr(struct sockaddr_un *addr, const char *dir, const char *kind, unsigned port)
{
    memset(addr, 0, sizeof *addr);
    addr->sun_family = AF_UNIX;
    int n = snprintf(addr->sun_path, sizeof addr->sun_path, "%s/%s-%u.sock", dir, kind, port);
    return n > 0 && (size_t)n < sizeof addr->sun_path;
}

/* Removes a stale socket left by a killed hub, but never any other kind of file. */
static bool clear_stale_socket(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        return errno == ENOENT;
    }
    if (!S_ISSOCK(st.st_mode)) {
        fprintf(stderr, "ethhub: %s exists and is not a socket; refusing to replace it (move it away)\n", path);
        return false;
    }
    return unlink(path) == 0;
}

static bool send_to_node(void *ctx, unsigned port, const uint8_t *frame, size_t len)
{
    struct app *app = ctx;
    const struct endpoint *e = &app->port[port];
    ssize_t n = sendto(e->fd, frame, len, MSG_DONTWAIT, (const struct sockaddr *)&e->node_addr,
                       sizeof e->node_addr);
    return n == (ssize_t)len; /* ENOENT/ECONNREFUSED: node not running; EAGAIN: node not reading */
}

static bool open_ports(struct app *app, const char *dir)
{
    for (unsigned p = 1; p <= app->ports; p++) {
        struct endpoint *e = &app->port[p];
        e->fd = -1;
        if (!make_addr(&e->hub_addr, dir, "hub", p) || !make_addr(&e->node_addr, dir, "node", p)) {
            fprintf(stderr, "ethhub: socket path in '%s' too long (max %zu characters)\n", dir,
                    sizeof e->hub_addr.sun_path - 1);
            return false;
        }
        if (!clear_stale_socket(e->hub_addr.sun_path)) {
            return false;
        }
        e->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (e->fd < 0 || bind(e->fd, (const struct sockaddr *)&e->hub_addr, sizeof e->hub_addr) != 0) {
            fprintf(stderr, "ethhub: cannot bind %s: %s\n", e->hub_addr.sun_path, strerror(errno));
            return false;
        }
        /* Room for bursts: the QEMU side sends without waiting. */
        int size = 1 << 20;
        (void)setsockopt(e->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
        (void)setsockopt(e->fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    }
    return true;
}

static bool open_control(struct app *app, const char *path)
{
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof addr.sun_path) {
        fprintf(stderr, "ethhub: control socket path too long: %s\n", path);
        return false;
    }
    strcpy(addr.sun_path, path);
    if (!clear_stale_socket(path)) {
        return false;
    }
    app->control_listen = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (app->control_listen < 0 || bind(app->control_listen, (struct sockaddr *)&addr, sizeof addr) != 0
        || listen(app->control_listen, 4) != 0) {
        fprintf(stderr, "ethhub: cannot listen on %s: %s\n", path, strerror(errno));
        return false;
    }
    strcpy(app->control_path, path);
    return true;
}

static void close_all(struct app *app)
{
    for (unsigned p = 1; p <= app->ports; p++) {
        if (app->port[p].fd >= 0) {
            close(app->port[p].fd);
            unlink(app->port[p].hub_addr.sun_path);
        }
    }
    for (int i = 0; i < MAX_CONTROL_CLIENTS; i++) {
        if (app->control[i].fd >= 0) {
            close(app->control[i].fd);
        }
    }
    if (app->control_listen >= 0) {
        close(app->control_listen);
        unlink(app->control_path);
    }
}

static void write_all(int fd, const char *text, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, text, len, MSG_NOSIGNAL);
        if (n < 0 && errno == ENOTSOCK) {
            n = write(fd, text, len);
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pfd = { .fd = fd, .events = POLLOUT };
            (void)poll(&pfd, 1, 1000);
            continue;
        }
        if (n <= 0) {
            return; /* reader gone */
        }
        text += n;
        len -= (size_t)n;
    }
}

static void run_request(struct app *app, const char *line, int reply_fd)
{
    hub_text_clear(&app->reply);
    if (hub_command_run(&app->hub, line, now_us(), &app->reply) == HUB_CMD_QUIT) {
        app->quit = true;
    }
    write_all(reply_fd, app->reply.buf, app->reply.len);
}

/* Reads from a line source; runs each complete line. Returns false on EOF/error. */
static bool serve_lines(struct app *app, struct line_reader *r, int reply_fd)
{
    ssize_t n = read(r->fd, r->buf + r->used, sizeof r->buf - r->used);
    if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
        return false;
    }
    if (n < 0) {
        return true;
    }
    r->used += (size_t)n;
    char *nl;
    while ((nl = memchr(r->buf, '\n', r->used)) != NULL) {
        *nl = '\0';
        if (nl > r->buf && nl[-1] == '\r') {
            nl[-1] = '\0';
        }
        if (r->buf[0] != '\0' && r->buf[0] != '#') {
            run_request(app, r->buf, reply_fd);
        }
        size_t consumed = (size_t)(nl - r->buf) + 1u;
        r->used -= consumed;
        memmove(r->buf, nl + 1, r->used);
    }
    if (r->used == sizeof r->buf) {
        static const char too_long[] = "error: request longer than 1023 characters (discarded)\n";
        write_all(reply_fd, too_long, sizeof too_long - 1u);
        r->used = 0;
    }
    return true;
}

static void accept_control(struct app *app)
{
    int fd = accept4(app->control_listen, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0) {
        return;
    }
    for (int i = 0; i < MAX_CONTROL_CLIENTS; i++) {
        if (app->control[i].fd < 0) {
            app->control[i].fd = fd;
            app->control[i].used = 0;
            return;
        }
    }
    static const char busy[] = "error: too many control connections\n";
    write_all(fd, busy, sizeof busy - 1u);
    close(fd);
}

static void drain_port(struct app *app, unsigned p)
{
    uint8_t frame[65536];
    for (int burst = 0; burst < 64; burst++) {
        ssize_t n = recv(app->port[p].fd, frame, sizeof frame, MSG_DONTWAIT);
        if (n < 0) {
            return;
        }
        hub_ingress(&app->hub, p, frame, (size_t)n, now_us());
    }
}

static int poll_timeout_ms(const struct app *app)
{
    uint64_t when;
    if (!hub_next_release(&app->hub, &when)) {
        return 1000;
    }
    uint64_t now = now_us();
    if (when <= now) {
        return 0;
    }
    uint64_t ms = (when - now + 999u) / 1000u;
    return ms > 1000u ? 1000 : (int)ms;
}

static int serve(struct app *app)
{
    struct pollfd fds[HUB_MAX_PORTS + MAX_CONTROL_CLIENTS + 2];
    while (!app->quit && !stop_requested) {
        int n = 0;
        int first_port = n;
        for (unsigned p = 1; p <= app->ports; p++) {
            fds[n++] = (struct pollfd){ .fd = app->port[p].fd, .events = POLLIN };
        }
        int stdin_slot = -1, listen_slot = -1, first_client = -1;
        if (app->use_stdin) {
            stdin_slot = n;
            fds[n++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
        }
        if (app->control_listen >= 0) {
            listen_slot = n;
            fds[n++] = (struct pollfd){ .fd = app->control_listen, .events = POLLIN };
        }
        first_client = n;
        for (int i = 0; i < MAX_CONTROL_CLIENTS; i++) {
            fds[n++] = (struct pollfd){ .fd = app->control[i].fd, .events = POLLIN };
        }
        int ready = poll(fds, (nfds_t)n, poll_timeout_ms(app));
        if (ready < 0 && errno != EINTR) {
            perror("ethhub: poll");
            return 1;
        }
        hub_release_due(&app->hub, now_us());
        if (ready <= 0) {
            continue;
        }
        for (unsigned p = 1; p <= app->ports; p++) {
            if (fds[first_port + (int)p - 1].revents & POLLIN) {
                drain_port(app, p);
            }
        }
        if (stdin_slot >= 0 && (fds[stdin_slot].revents & (POLLIN | POLLHUP | POLLERR))) {
            if (!serve_lines(app, &app->stdin_reader, STDOUT_FILENO)) {
                return 0; /* the launcher is gone */
            }
        }
        if (listen_slot >= 0 && (fds[listen_slot].revents & POLLIN)) {
            accept_control(app);
        }
        for (int i = 0; i < MAX_CONTROL_CLIENTS; i++) {
            struct line_reader *r = &app->control[i];
            if (r->fd >= 0 && (fds[first_client + i].revents & (POLLIN | POLLHUP | POLLERR))) {
                if (!serve_lines(app, r, r->fd)) {
                    close(r->fd);
                    r->fd = -1;
                }
            }
        }
    }
    return 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: ethhub --ports N --dir DIR [--seed S] [--control PATH] [--no-stdin] "
                    "[--max-delayed FRAMES]\n"
                    "  N: 1..%u ports; port P is DIR/hub-P.sock and delivers to DIR/node-P.sock\n",
            HUB_MAX_PORTS);
}

static bool parse_number(const char *text, unsigned long long max, unsigned long long *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (end == text || *end != '\0' || errno != 0 || v > max) {
        return false;
    }
    *out = v;
    return true;
}

int main(int argc, char **argv)
{
    static struct app app;
    unsigned long long ports = 0, seed = 1, max_delayed = 4096;
    const char *dir = NULL, *control = NULL;
    app.use_stdin = true;
    app.control_listen = -1;
    for (int i = 0; i < MAX_CONTROL_CLIENTS; i++) {
        app.control[i].fd = -1;
    }
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(arg, "--no-stdin") == 0) {
            app.use_stdin = false;
            continue;
        }
        if (val == NULL) {
            usage();
            return 2;
        }
        i++;
        bool ok = true;
        if (strcmp(arg, "--ports") == 0) {
            ok = parse_number(val, HUB_MAX_PORTS, &ports) && ports >= 1;
        } else if (strcmp(arg, "--dir") == 0) {
            dir = val;
        } else if (strcmp(arg, "--seed") == 0) {
            ok = parse_number(val, ~0ull, &seed);
        } else if (strcmp(arg, "--control") == 0) {
            control = val;
        } else if (strcmp(arg, "--max-delayed") == 0) {
            ok = parse_number(val, 1000000, &max_delayed);
        } else {
            ok = false;
        }
        if (!ok) {
            fprintf(stderr, "ethhub: bad option or value: %s %s\n", arg, val);
            usage();
            return 2;
        }
    }
    if (ports == 0 || dir == NULL) {
        usage();
        return 2;
    }
    app.ports = (unsigned)ports;
    app.stdin_reader.fd = STDIN_FILENO;
    for (unsigned p = 0; p <= HUB_MAX_PORTS; p++) {
        app.port[p].fd = -1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (!hub_init(&app.hub, app.ports, seed, (size_t)max_delayed, send_to_node, &app)) {
        fprintf(stderr, "ethhub: out of memory for %llu delayed frames\n", max_delayed);
        return 1;
    }
    int status = 1;
    if (open_ports(&app, dir) && (control == NULL || open_control(&app, control))) {
        printf("ready ports=%u\n", app.ports);
        fflush(stdout);
        status = serve(&app);
    }
    close_all(&app);
    hub_free(&app.hub);
    hub_text_free(&app.reply);
    return status;
}
