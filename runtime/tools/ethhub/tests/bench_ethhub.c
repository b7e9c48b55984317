/* bench_ethhub.c — prints the hub's own cost: round trips of 60-byte frames
 * between two client sockets through the ethhub binary (node 1 -> hub -> node 2
 * -> hub -> node 1), against the same ping-pong over a direct socket pair.
 * A benchmark, not a test: it prints figures and asserts nothing about speed.
 *
 * usage: bench_ethhub ETHHUB_BINARY [ROUND_TRIPS]   (default 20000) */
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int bound_socket(const char *local)
{
    struct sockaddr_un l = { .sun_family = AF_UNIX };
    snprintf(l.sun_path, sizeof l.sun_path, "%s", local);
    unlink(local);
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&l, sizeof l) != 0) {
        perror("bench_ethhub: bind");
        exit(1);
    }
    return fd;
}

static void connect_to(int fd, const char *remote)
{
    struct sockaddr_un r = { .sun_family = AF_UNIX };
    snprintf(r.sun_path, sizeof r.sun_path, "%s", remote);
    if (connect(fd, (struct sockaddr *)&r, sizeof r) != 0) {
        perror("bench_ethhub: connect");
        exit(1);
    }
}

/* The echo side runs in a child: it sends every frame back with MACs swapped. */
static pid_t start_echo(int fd, int close_in_child)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (close_in_child >= 0) {
            close(close_in_child); /* else the hub never sees EOF on its stdin */
        }
        uint8_t f[2048];
        for (;;) {
            ssize_t n = recv(fd, f, sizeof f, 0);
            if (n < 14) {
                _exit(0);
            }
            uint8_t tmp[6];
            memcpy(tmp, f, 6);
            memcpy(f, f + 6, 6);
            memcpy(f + 6, tmp, 6);
            (void)send(fd, f, (size_t)n, 0);
        }
    }
    return pid;
}

static void ping_pong(const char *label, int fd, int rounds)
{
    uint64_t *rtt = calloc((size_t)rounds, sizeof *rtt);
    uint8_t f[60] = { 0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00 };
    uint8_t back[2048];
    int lost = 0, got = 0;
    uint64_t start_all = now_ns();
    for (int i = 0; i < rounds; i++) {
        uint64_t t = now_ns();
        (void)send(fd, f, sizeof f, 0);
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (poll(&p, 1, 20) <= 0 || recv(fd, back, sizeof back, 0) < 14) {
            lost++;
            continue;
        }
        rtt[got++] = now_ns() - t;
    }
    double secs = (double)(now_ns() - start_all) / 1e9;
    qsort(rtt, (size_t)got, sizeof *rtt, compare_u64);
    if (got > 0) {
        printf("%-28s round trips=%d lost=%d p50_us=%.1f p99_us=%.1f max_us=%.1f rate=%.0f/s\n", label, got, lost,
               rtt[got / 2] / 1e3, rtt[(got * 99) / 100] / 1e3, rtt[got - 1] / 1e3, got / secs);
    }
    free(rtt);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_ethhub ETHHUB_BINARY [ROUND_TRIPS]\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    int rounds = argc > 2 ? atoi(argv[2]) : 20000;
    char dir[] = "/tmp/ethhub-bench.XXXXXX";
    if (mkdtemp(dir) == NULL) {
        return 1;
    }
    char a[128], b[128], ha[128], hb[128];
    snprintf(a, sizeof a, "%s/node-1.sock", dir);
    snprintf(b, sizeof b, "%s/node-2.sock", dir);
    snprintf(ha, sizeof ha, "%s/hub-1.sock", dir);
    snprintf(hb, sizeof hb, "%s/hub-2.sock", dir);

    /* direct: the two sockets talk to each other */
    int da = bound_socket(a), db = bound_socket(b);
    connect_to(da, b);
    connect_to(db, a);
    pid_t echo = start_echo(db, -1);
    ping_pong("direct socket pair", da, rounds);
    kill(echo, SIGKILL);
    waitpid(echo, NULL, 0);
    close(da);
    close(db);

    /* through the hub */
    int to_hub[2], from_hub[2];
    if (pipe(to_hub) != 0 || pipe(from_hub) != 0) {
        return 1;
    }
    pid_t hub = fork();
    if (hub == 0) {
        dup2(to_hub[0], 0);
        dup2(from_hub[1], 1);
        close(to_hub[1]);
        close(from_hub[0]);
        execl(argv[1], argv[1], "--ports", "2", "--dir", dir, (char *)NULL);
        _exit(127);
    }
    close(to_hub[0]);
    close(from_hub[1]);
    char line[64];
    if (read(from_hub[0], line, sizeof line) <= 0) {
        fprintf(stderr, "bench_ethhub: hub did not start\n");
        return 1;
    }
    da = bound_socket(a);
    db = bound_socket(b);
    connect_to(da, ha);
    connect_to(db, hb);
    echo = start_echo(db, to_hub[1]);
    ping_pong("through ethhub", da, rounds);
    (void)write(to_hub[1], "drop 10\n", 8);
    ping_pong("through ethhub, drop 10%", da, rounds / 10);
    kill(echo, SIGKILL);
    waitpid(echo, NULL, 0);
    close(to_hub[1]); /* EOF: the hub stops */
    waitpid(hub, NULL, 0);
    close(da);
    close(db);
    unlink(a);
    unlink(b);
    rmdir(dir);
    return 0;
}
