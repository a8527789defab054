#define _GNU_SOURCE
#include "CSpawn.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

int cspawn_pipe(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int cspawn_set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

static int add_standard(posix_spawn_file_actions_t *actions, int fd, int target, int writable) {
    if (fd >= 0) return posix_spawn_file_actions_adddup2(actions, fd, target);
    return posix_spawn_file_actions_addopen(actions, target, "/dev/null", writable ? O_WRONLY : O_RDONLY, 0);
}

int cspawn_launch(pid_t *pid, const char *path, char *const argv[], char *const envp[],
                  int stdin_fd, int stdout_fd, int stderr_fd, int new_process_group) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    int result = posix_spawn_file_actions_init(&actions);
    if (result != 0) return result;
    result = posix_spawnattr_init(&attributes);
    if (result != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return result;
    }
    if (result == 0) result = add_standard(&actions, stdin_fd, 0, 0);
    if (result == 0) result = add_standard(&actions, stdout_fd, 1, 1);
    if (result == 0) result = add_standard(&actions, stderr_fd, 2, 1);
    if (result == 0) result = posix_spawn_file_actions_addclosefrom_np(&actions, 3);

    sigset_t empty, all;
    sigemptyset(&empty);
    sigfillset(&all);
    short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    if (new_process_group) flags |= POSIX_SPAWN_SETPGROUP;
    if (result == 0) result = posix_spawnattr_setsigmask(&attributes, &empty);
    if (result == 0) result = posix_spawnattr_setsigdefault(&attributes, &all);
    if (result == 0 && new_process_group) result = posix_spawnattr_setpgroup(&attributes, 0);
    if (result == 0) result = posix_spawnattr_setflags(&attributes, flags);
    if (result == 0) result = posix_spawn(pid, path, &actions, &attributes, argv, envp ? envp : environ);

    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    return result;
}

int cspawn_pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
    long fd = syscall(SYS_pidfd_open, pid, 0);
    if (fd >= 0) fcntl((int)fd, F_SETFD, FD_CLOEXEC);
    return (int)fd;
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}

ssize_t cspawn_write_nosignal(int fd, const void *buffer, size_t length) {
    sigset_t pipe_only, previous;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, &previous);
    ssize_t written = write(fd, buffer, length);
    int saved = errno;
    if (written < 0 && saved == EPIPE) {
        // Take the SIGPIPE this write raised (unless one was already pending) before unblocking.
        const struct timespec now = {0, 0};
        while (sigtimedwait(&pipe_only, NULL, &now) < 0 && errno == EINTR) {}
    }
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    errno = saved;
    return written;
}

int cspawn_wait(pid_t pid, int *status, long *peak_rss_kib) {
    struct rusage usage = {0};
    int result;
    do { result = wait4(pid, status, 0, &usage); } while (result < 0 && errno == EINTR);
    *peak_rss_kib = usage.ru_maxrss;
    return result;
}

void cspawn_wait_exited(pid_t pid) {
    siginfo_t info;
    while (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT) < 0 && errno == EINTR) {}
}

int cspawn_exit_code(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

int cspawn_term_signal(int status) { return WIFSIGNALED(status) ? WTERMSIG(status) : 0; }
