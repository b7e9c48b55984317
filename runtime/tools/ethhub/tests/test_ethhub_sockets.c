/* test_ethhub_sockets.c — the ethhub binary end to end over real unix datagram
 * sockets, the way QEMU's -netdev dgram uses them, without QEMU: node sockets
 * bound at DIR/node-P.sock and connected to DIR/hub-P.sock. Also the control
 * paths (stdin/stdout and the control socket) and the process lifecycle.
 * The binary under test is $ETHHUB. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#define PORTS 3
#define QUIET_MS 150 /* how long "nothing arrives" is watched */

struct fixture {
    char dir[64];
    pid_t pid;
    int to_hub;       /* hub's stdin */
    FILE *from_hub;   /* hub's stdout */
    int node[PORTS + 1];
};

static const char *hub_binary(void)
{
    const char *path = getenv("ETHHUB");
    return path != NULL ? path : "build/ethhub";
}

static void path_in(const struct fixture *f, char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", f->dir, name);
}

static pid_t spawn_hub(struct fixture *f, const char *extra1, const char *extra2)
{
    int in[2], out[2];
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(out), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(in[0], STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        close(in[1]);
        close(out[0]);
        char control[128];
        path_in(f, control, sizeof control, "control.sock");
        const char *argv[] = { hub_binary(), "--ports", "3", "--dir", f->dir, "--seed", "7",
                               "--control", control, extra1, extra2, NULL };
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    f->pid = pid;
    f->to_hub = in[1];
    f->from_hub = fdopen(out[0], "r");
    assert_non_null(f->from_hub);
    return pid;
}

static void read_hub_line(struct fixture *f, char *line, size_t size)
{
    assert_non_null(fgets(line, (int)size, f->from_hub));
}

static int open_node(struct fixture *f, unsigned p)
{
    struct sockaddr_un local = { .sun_family = AF_UNIX }, remote = { .sun_family = AF_UNIX };
    snprintf(local.sun_path, sizeof local.sun_path, "%s/node-%u.sock", f->dir, p);
    snprintf(remote.sun_path, sizeof remote.sun_path, "%s/hub-%u.sock", f->dir, p);
    unlink(local.sun_path);
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    assert_true(fd >= 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&local, sizeof local), 0);
    assert_int_equal(connect(fd, (struct sockaddr *)&remote, sizeof remote), 0);
    return fd;
}

static int setup(void **state)
{
    static struct fixture f;
    memset(&f, 0, sizeof f);
    snprintf(f.dir, sizeof f.dir, "/tmp/ethhub-test.XXXXXX");
    if (mkdtemp(f.dir) == NULL) {
        return -1;
    }
    spawn_hub(&f, NULL, NULL);
    char line[256];
    read_hub_line(&f, line, sizeof line);
    assert_string_equal(line, "ready ports=3\n");
    for (unsigned p = 1; p <= PORTS; p++) {
        f.node[p] = open_node(&f, p);
    }
    *state = &f;
    return 0;
}

static void remove_dir(const char *dir)
{
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    for (unsigned p = 1; p <= PORTS; p++) {
        if (f->node[p] >= 0) {
            close(f->node[p]);
        }
    }
    if (f->pid > 0) {
        kill(f->pid, SIGTERM);
        waitpid(f->pid, NULL, 0);
    }
    if (f->from_hub != NULL) {
        fclose(f->from_hub);
    }
    close(f->to_hub);
    remove_dir(f->dir);
    return 0;
}

/* Sends a 60-byte frame from node `from` (MAC 02:..:from) to MAC 02:..:to (0xff.. when to = 0). */
static void send_frame(struct fixture *f, unsigned from, unsigned to, uint8_t tag)
{
    uint8_t frame[60] = { 0 };
    if (to == 0) {
        memset(frame, 0xff, 6);
    } else {
        frame[0] = 0x02;
        frame[5] = (uint8_t)to;
    }
    frame[6] = 0x02;
    frame[11] = (uint8_t)from;
    frame[12] = 0x08;
    frame[14] = tag;
    assert_int_equal(send(f->node[from], frame, sizeof frame, 0), (ssize_t)sizeof frame);
}

/* Waits up to ms for a frame on node p; returns its tag or -1. */
static int receive_tag(struct fixture *f, unsigned p, int ms)
{
    struct pollfd pfd = { .fd = f->node[p], .events = POLLIN };
    if (poll(&pfd, 1, ms) <= 0) {
        return -1;
    }
    uint8_t frame[2048];
    ssize_t n = recv(f->node[p], frame, sizeof frame, 0);
    return n >= 15 ? frame[14] : -1;
}

static void command(struct fixture *f, const char *request, char *last_line, size_t size)
{
    char out[256];
    int len = snprintf(out, sizeof out, "%s\n", request);
    assert_int_equal(write(f->to_hub, out, (size_t)len), len);
    do {
        read_hub_line(f, last_line, size);
    } while (strncmp(last_line, "ok", 2) != 0 && strncmp(last_line, "error", 5) != 0);
}

static void learn_all(struct fixture *f)
{
    for (unsigned p = 1; p <= PORTS; p++) {
        send_frame(f, p, 0, 0);
    }
    for (unsigned p = 1; p <= PORTS; p++) {
        for (int k = 0; k < PORTS - 1; k++) {
            assert_int_equal(receive_tag(f, p, 1000), 0);
        }
    }
}

static void broadcast_reaches_the_other_nodes_only(void **state)
{
    struct fixture *f = *state;
    send_frame(f, 1, 0, 9);
    assert_int_equal(receive_tag(f, 2, 1000), 9);
    assert_int_equal(receive_tag(f, 3, 1000), 9);
    assert_int_equal(receive_tag(f, 1, QUIET_MS), -1);
}

static void unicast_after_learning_reaches_one_node(void **state)
{
    struct fixture *f = *state;
    learn_all(f);
    send_frame(f, 1, 3, 5);
    assert_int_equal(receive_tag(f, 3, 1000), 5);
    assert_int_equal(receive_tag(f, 2, QUIET_MS), -1);
}

static void isolate_over_stdin_stops_traffic_and_heal_restores_it(void **state)
{
    struct fixture *f = *state;
    char line[256];
    learn_all(f);
    command(f, "isolate 2", line, sizeof line);
    assert_string_equal(line, "ok\n");
    send_frame(f, 1, 2, 1);
    send_frame(f, 2, 3, 2);
    send_frame(f, 1, 3, 3);
    assert_int_equal(receive_tag(f, 3, 1000), 3);
    assert_int_equal(receive_tag(f, 2, QUIET_MS), -1);
    assert_int_equal(receive_tag(f, 3, QUIET_MS), -1);
    command(f, "heal", line, sizeof line);
    send_frame(f, 1, 2, 4);
    assert_int_equal(receive_tag(f, 2, 1000), 4);
    command(f, "stats 2", line, sizeof line);
    assert_string_equal(line, "ok\n");
}

static void control_socket_answers_on_its_connection(void **state)
{
    struct fixture *f = *state;
    learn_all(f);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s/control.sock", f->dir);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_int_equal(connect(fd, (struct sockaddr *)&addr, sizeof addr), 0);
    const char req[] = "stats 1\nfrobnicate\n";
    assert_int_equal(write(fd, req, sizeof req - 1), (ssize_t)(sizeof req - 1));
    char buf[1024] = { 0 };
    size_t used = 0;
    /* read until the second request's whole answer is in: the stats line holds "send_errors=" too, and the two
     * answers may arrive in separate reads */
    const char *refusal = "error: unknown request";
    while (strstr(buf, refusal) == NULL || strchr(strstr(buf, refusal), '\n') == NULL) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        assert_true(poll(&pfd, 1, 2000) > 0);
        ssize_t n = read(fd, buf + used, sizeof buf - 1 - used);
        assert_true(n > 0);
        used += (size_t)n;
    }
    assert_non_null(strstr(buf, "port 1 rx=1 tx=2 flooded=1"));
    assert_non_null(strstr(buf, "\nok\n"));
    assert_non_null(strstr(buf, "error: unknown request or wrong arguments: 'frobnicate'"));
    close(fd);
}

static void a_stopped_node_is_counted_and_a_restarted_one_reached(void **state)
{
    struct fixture *f = *state;
    char line[256];
    learn_all(f);
    close(f->node[3]);
    char path[128];
    path_in(f, path, sizeof path, "node-3.sock");
    unlink(path);
    f->node[3] = -1;
    send_frame(f, 1, 3, 1);
    send_frame(f, 1, 2, 2);
    assert_int_equal(receive_tag(f, 2, 1000), 2);
    command(f, "stats 3", line, sizeof line);
    f->node[3] = open_node(f, 3);
    send_frame(f, 1, 3, 3);
    assert_int_equal(receive_tag(f, 3, 1000), 3);
    /* the earlier frame was counted as a send error on port 3 */
    assert_int_equal(write(f->to_hub, "stats 3\n", 8), 8);
    read_hub_line(f, line, sizeof line);
    assert_non_null(strstr(line, "send_errors=1"));
    read_hub_line(f, line, sizeof line);
    assert_string_equal(line, "ok\n");
}

static void delay_holds_a_frame_back(void **state)
{
    struct fixture *f = *state;
    char line[256];
    learn_all(f);
    command(f, "delay 300 on 1>2", line, sizeof line);
    assert_string_equal(line, "ok\n");
    send_frame(f, 1, 2, 6);
    send_frame(f, 2, 1, 7);
    assert_int_equal(receive_tag(f, 1, 1000), 7); /* other direction unaffected */
    assert_int_equal(receive_tag(f, 2, 100), -1);  /* not yet */
    assert_int_equal(receive_tag(f, 2, 2000), 6);  /* but later */
}

static void runt_datagrams_are_counted(void **state)
{
    struct fixture *f = *state;
    char line[256];
    assert_int_equal(send(f->node[1], "tiny", 4, 0), 4);
    send_frame(f, 1, 0, 1);
    assert_int_equal(receive_tag(f, 2, 1000), 1);
    assert_int_equal(write(f->to_hub, "stats 1\n", 8), 8);
    read_hub_line(f, line, sizeof line);
    assert_non_null(strstr(line, "rx=1 "));
    assert_non_null(strstr(line, "malformed=1"));
}

static void stdin_eof_stops_the_hub_and_removes_its_sockets(void **state)
{
    struct fixture *f = *state;
    close(f->to_hub);
    f->to_hub = -1;
    int status = 0;
    assert_int_equal(waitpid(f->pid, &status, 0), f->pid);
    f->pid = 0;
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    char path[128];
    struct stat st;
    path_in(f, path, sizeof path, "hub-1.sock");
    assert_int_not_equal(stat(path, &st), 0);
    path_in(f, path, sizeof path, "control.sock");
    assert_int_not_equal(stat(path, &st), 0);
}

static void quit_request_stops_the_hub(void **state)
{
    struct fixture *f = *state;
    char line[256];
    command(f, "quit", line, sizeof line);
    assert_string_equal(line, "ok bye\n");
    int status = 0;
    assert_int_equal(waitpid(f->pid, &status, 0), f->pid);
    f->pid = 0;
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void stale_sockets_are_replaced_but_other_files_are_not(void **state)
{
    struct fixture *f = *state;
    /* kill -9 leaves the sockets behind; a new hub must start anyway */
    kill(f->pid, SIGKILL);
    waitpid(f->pid, NULL, 0);
    fclose(f->from_hub);
    close(f->to_hub);
    spawn_hub(f, NULL, NULL);
    char line[256];
    read_hub_line(f, line, sizeof line);
    assert_string_equal(line, "ready ports=3\n");
    for (unsigned p = 1; p <= 2; p++) { /* a connected datagram socket follows the inode: reconnect */
        close(f->node[p]);
        f->node[p] = open_node(f, p);
    }
    send_frame(f, 1, 0, 4);
    assert_int_equal(receive_tag(f, 2, 1000), 4);
    kill(f->pid, SIGTERM);
    waitpid(f->pid, NULL, 0);
    fclose(f->from_hub);
    close(f->to_hub);
    /* a regular file where a socket should go: refuse, keep the file */
    char path[128];
    path_in(f, path, sizeof path, "hub-2.sock");
    FILE *keep = fopen(path, "w");
    assert_non_null(keep);
    fputs("precious", keep);
    fclose(keep);
    spawn_hub(f, NULL, NULL);
    int status = 0;
    waitpid(f->pid, &status, 0);
    f->pid = 0;
    assert_int_equal(WEXITSTATUS(status), 1);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, 8);
}

static void bad_options_exit_with_usage(void **state)
{
    (void)state;
    const char *cases[][4] = { { "--ports", "0", "--dir" }, { "--ports", "65", "--dir" }, { "--bogus", "1", "--dir" } };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            int devnull = open("/dev/null", O_WRONLY);
            dup2(devnull, STDERR_FILENO);
            const char *argv[] = { hub_binary(), cases[i][0], cases[i][1], cases[i][2], "/tmp", NULL };
            execv(argv[0], (char *const *)argv);
            _exit(127);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        assert_int_equal(WEXITSTATUS(status), 2);
    }
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(broadcast_reaches_the_other_nodes_only, setup, teardown),
        cmocka_unit_test_setup_teardown(unicast_after_learning_reaches_one_node, setup, teardown),
        cmocka_unit_test_setup_teardown(isolate_over_stdin_stops_traffic_and_heal_restores_it, setup, teardown),
        cmocka_unit_test_setup_teardown(control_socket_answers_on_its_connection, setup, teardown),
        cmocka_unit_test_setup_teardown(a_stopped_node_is_counted_and_a_restarted_one_reached, setup, teardown),
        cmocka_unit_test_setup_teardown(delay_holds_a_frame_back, setup, teardown),
        cmocka_unit_test_setup_teardown(runt_datagrams_are_counted, setup, teardown),
        cmocka_unit_test_setup_teardown(stdin_eof_stops_the_hub_and_removes_its_sockets, setup, teardown),
        cmocka_unit_test_setup_teardown(quit_request_stops_the_hub, setup, teardown),
        cmocka_unit_test_setup_teardown(stale_sockets_are_replaced_but_other_files_are_not, setup, teardown),
        cmocka_unit_test(bad_options_exit_with_usage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
