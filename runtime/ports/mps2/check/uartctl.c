/* uartctl.c — drives line channels over unix stream sockets (QEMU UART
 * chardevs, the Ethernet hub's control socket) from a script on stdin.
 *
 * usage: uartctl [-t CONNECT_TIMEOUT_MS] NAME=SOCKET_PATH...  < script
 *
 * Script lines (blank lines and lines starting with '#' are skipped):
 *   send NAME TEXT             send TEXT + '\n' to channel NAME
 *   expect NAME MS PREFIX      wait up to MS ms for a line starting with PREFIX;
 *                              lines before it are consumed (and logged)
 *   sleep MS
 *   closed NAME MS             wait up to MS ms for the peer to close (QEMU exit)
 *   roundtrip NAME MS COUNT TEXT => REPLY
 *                              COUNT times: send TEXT, expect the line REPLY back
 *                              within MS ms; prints the round-trip figures
 * Every line sent or received is logged on stdout as "NAME> text" / "NAME< text".
 * Exit status: 0 when every step passed, 1 on the first failure (named on
 * stderr with its script line), 2 on usage errors. */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAX_CHANNELS 16
#define LINE_MAX_BYTES 4096

struct channel {
    char name[32];
    char path[108];
    int fd;
    bool closed;
    char buf[LINE_MAX_BYTES];
    size_t used;
};

struct session {
    struct channel channels[MAX_CHANNELS];
    int count;
};

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static int connect_unix(const char *path, long timeout_ms)
{
    long long deadline = now_ms() + timeout_ms;
    for (;;) {
        int fd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (fd < 0) {
            return -1;
        }
        struct sockaddr_un addr;
        memset(&addr, 0, sizeof addr);
        addr.sun_family = AF_UNIX;
        strncpy(addr.sun_path, path, sizeof addr.sun_path - 1);
        if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0) {
            return fd;
        }
        int err = errno;
        close(fd);
        if ((err != ENOENT && err != ECONNREFUSED) || now_ms() >= deadline) {
            errno = err;
            return -1;
        }
        sleep_ms(20); /* the socket appears once QEMU has started */
    }
}

static struct channel *find_channel(struct session *s, const char *name)
{
    for (int i = 0; i < s->count; i++) {
        if (strcmp(s->channels[i].name, name) == 0) {
            return &s->channels[i];
        }
    }
    return NULL;
}

/* Takes one complete line out of the channel buffer; false when none. */
static bool take_line(struct channel *c, char *line, size_t size)
{
    char *nl = memchr(c->buf, '\n', c->used);
    if (nl == NULL) {
        if (c->used == sizeof c->buf) { /* over-long line: deliver what we have */
            nl = c->buf + c->used - 1;
        } else {
            return false;
        }
    }
    size_t len = (size_t)(nl - c->buf);
    size_t copy = len < size - 1 ? len : size - 1;
    memcpy(line, c->buf, copy);
    line[copy] = '\0';
    if (copy > 0 && line[copy - 1] == '\r') {
        line[copy - 1] = '\0';
    }
    c->used -= len + 1;
    memmove(c->buf, nl + 1, c->used);
    return true;
}

/* Reads whatever is available on any channel, waiting at most wait_ms. */
static void pump(struct session *s, long wait_ms)
{
    struct pollfd fds[MAX_CHANNELS];
    int map[MAX_CHANNELS];
    int n = 0;
    for (int i = 0; i < s->count; i++) {
        if (!s->channels[i].closed) {
            fds[n].fd = s->channels[i].fd;
            fds[n].events = POLLIN;
            map[n++] = i;
        }
    }
    if (n == 0) {
        sleep_ms(wait_ms);
        return;
    }
    if (poll(fds, (nfds_t)n, (int)wait_ms) <= 0) {
        return;
    }
    for (int k = 0; k < n; k++) {
        if ((fds[k].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
            continue;
        }
        struct channel *c = &s->channels[map[k]];
        ssize_t got = read(c->fd, c->buf + c->used, sizeof c->buf - c->used);
        if (got > 0) {
            c->used += (size_t)got;
        } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
            c->closed = true;
        }
    }
}

static int compare_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

static long long now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int fail(int line_no, const char *step, const char *why)
{
    fprintf(stderr, "uartctl: script line %d (%s): %s\n", line_no, step, why);
    return 1;
}

static int run_step(struct session *s, int line_no, char *step)
{
    char *save = NULL;
    char original[LINE_MAX_BYTES];
    snprintf(original, sizeof original, "%s", step);
    char *verb = strtok_r(step, " ", &save);
    if (verb == NULL || verb[0] == '#') {
        return 0;
    }
    if (strcmp(verb, "sleep") == 0) {
        char *ms = strtok_r(NULL, " ", &save);
        if (ms == NULL) {
            return fail(line_no, original, "usage: sleep MS");
        }
        sleep_ms(strtol(ms, NULL, 10));
        return 0;
    }
    char *name = strtok_r(NULL, " ", &save);
    struct channel *c = name != NULL ? find_channel(s, name) : NULL;
    if (c == NULL) {
        return fail(line_no, original, "unknown or missing channel name");
    }
    if (strcmp(verb, "send") == 0) {
        char *text = save != NULL ? save : (char *)"";
        char out[LINE_MAX_BYTES + 1];
        int len = snprintf(out, sizeof out, "%s\n", text);
        if (len < 0 || (size_t)len >= sizeof out) {
            return fail(line_no, original, "line too long");
        }
        if (c->closed || write(c->fd, out, (size_t)len) != len) {
            return fail(line_no, original, "channel closed or write failed");
        }
        printf("%s> %s\n", c->name, text);
        fflush(stdout);
        return 0;
    }
    char *ms_text = strtok_r(NULL, " ", &save);
    if (ms_text == NULL) {
        return fail(line_no, original, "missing timeout in ms");
    }
    long long deadline = now_ms() + strtol(ms_text, NULL, 10);
    if (strcmp(verb, "expect") == 0) {
        const char *prefix = save != NULL ? save : "";
        char line[LINE_MAX_BYTES];
        for (;;) {
            while (take_line(c, line, sizeof line)) {
                printf("%s< %s\n", c->name, line);
                fflush(stdout);
                if (strncmp(line, prefix, strlen(prefix)) == 0) {
                    return 0;
                }
            }
            long long left = deadline - now_ms();
            if (c->closed) {
                return fail(line_no, original, "channel closed before the expected line");
            }
            if (left <= 0) {
                return fail(line_no, original, "timed out waiting for the expected line");
            }
            pump(s, (long)left);
        }
    }
    if (strcmp(verb, "roundtrip") == 0) {
        long timeout = strtol(ms_text, NULL, 10);
        char *count_text = strtok_r(NULL, " ", &save);
        char *text = save != NULL ? save : (char *)"";
        char *arrow = strstr(text, " => ");
        long count = count_text != NULL ? strtol(count_text, NULL, 10) : 0;
        if (count <= 0 || count > 100000 || arrow == NULL || arrow == text) {
            return fail(line_no, original, "usage: roundtrip NAME MS COUNT TEXT => REPLY");
        }
        *arrow = '\0';
        const char *reply = arrow + 4;
        long long *rtt = calloc((size_t)count, sizeof *rtt);
        if (rtt == NULL) {
            return fail(line_no, original, "out of memory");
        }
        char out[LINE_MAX_BYTES + 1];
        int len = snprintf(out, sizeof out, "%s\n", text);
        char line[LINE_MAX_BYTES];
        for (long i = 0; i < count; i++) {
            long long start = now_us();
            if (len < 0 || (size_t)len >= sizeof out || write(c->fd, out, (size_t)len) != len) {
                free(rtt);
                return fail(line_no, original, "write failed");
            }
            deadline = now_ms() + timeout;
            bool matched = false;
            while (!matched) {
                while (!matched && take_line(c, line, sizeof line)) {
                    matched = strcmp(line, reply) == 0;
                    if (!matched) {
                        printf("%s< %s\n", c->name, line);
                    }
                }
                long long left = deadline - now_ms();
                if (!matched && (c->closed || left <= 0)) {
                    free(rtt);
                    return fail(line_no, original, "echo did not come back in time");
                }
                if (!matched) {
                    pump(s, (long)left);
                }
            }
            rtt[i] = now_us() - start;
        }
        qsort(rtt, (size_t)count, sizeof *rtt, compare_ll);
        long long sum = 0;
        for (long i = 0; i < count; i++) {
            sum += rtt[i];
        }
        printf("roundtrip %s count=%ld avg_us=%lld p50_us=%lld p99_us=%lld max_us=%lld\n", c->name, count,
               sum / count, rtt[count / 2], rtt[(count * 99) / 100 < count ? (count * 99) / 100 : count - 1],
               rtt[count - 1]);
        fflush(stdout);
        free(rtt);
        return 0;
    }
    if (strcmp(verb, "closed") == 0) {
        while (!c->closed) {
            long long left = deadline - now_ms();
            if (left <= 0) {
                return fail(line_no, original, "peer did not close in time");
            }
            pump(s, (long)left);
        }
        char line[LINE_MAX_BYTES];
        while (take_line(c, line, sizeof line)) {
            printf("%s< %s\n", c->name, line);
        }
        return 0;
    }
    return fail(line_no, original, "unknown step (send, expect, sleep, closed)");
}

int main(int argc, char **argv)
{
    struct session s = { .count = 0 };
    long connect_timeout = 10000;
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "-t") == 0) {
        connect_timeout = strtol(argv[2], NULL, 10);
        first = 3;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: uartctl [-t CONNECT_TIMEOUT_MS] NAME=SOCKET_PATH... < script\n");
        return 2;
    }
    for (int i = first; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (eq == NULL || s.count == MAX_CHANNELS || (size_t)(eq - argv[i]) >= sizeof s.channels[0].name
            || strlen(eq + 1) >= sizeof s.channels[0].path) {
            fprintf(stderr, "uartctl: bad channel '%s' (want NAME=SOCKET_PATH, at most %d)\n", argv[i],
                    MAX_CHANNELS);
            return 2;
        }
        struct channel *c = &s.channels[s.count++];
        memset(c, 0, sizeof *c);
        memcpy(c->name, argv[i], (size_t)(eq - argv[i]));
        strcpy(c->path, eq + 1);
        c->fd = connect_unix(c->path, connect_timeout);
        if (c->fd < 0) {
            fprintf(stderr, "uartctl: cannot connect %s to %s: %s\n", c->name, c->path, strerror(errno));
            return 1;
        }
    }
    char step[LINE_MAX_BYTES];
    int line_no = 0;
    while (fgets(step, sizeof step, stdin) != NULL) {
        line_no++;
        step[strcspn(step, "\r\n")] = '\0';
        int rc = run_step(&s, line_no, step);
        if (rc != 0) {
            return rc;
        }
    }
    for (int i = 0; i < s.count; i++) {
        close(s.channels[i].fd);
    }
    return 0;
}
