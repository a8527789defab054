// Process spawning for nubladash: posix_spawn with close-on-exec pipes, a clean signal state in
// the child, and a pollable descriptor for the child's exit (Linux pidfd).
#ifndef CSPAWN_H
#define CSPAWN_H

#include <sys/types.h>

/// pipe2(O_CLOEXEC): neither end leaks into other children. 0, or -1 with errno.
int cspawn_pipe(int fds[2]);

/// Sets O_NONBLOCK. 0, or -1 with errno.
int cspawn_set_nonblocking(int fd);

/// Starts `path` with `argv` and `envp` (NULL: this process's environment). The child's
/// standard descriptors become `stdin_fd`, `stdout_fd` and `stderr_fd` (-1: /dev/null); every
/// other descriptor is closed; its signal mask is empty and every signal has its default action.
/// `new_process_group` puts it in a process group of its own. 0 with `*pid` set, or an errno.
int cspawn_launch(pid_t *pid, const char *path, char *const argv[], char *const envp[],
                  int stdin_fd, int stdout_fd, int stderr_fd, int new_process_group);

/// A descriptor that polls readable once `pid` has exited, or -1 where the kernel has none.
int cspawn_pidfd_open(pid_t pid);

/// write() that reports EPIPE instead of raising SIGPIPE. Bytes written, or -1 with errno.
ssize_t cspawn_write_nosignal(int fd, const void *buffer, size_t length);

/// wait4(pid, 0) retried on EINTR; `*peak_rss_kib` gets the child's peak resident memory.
/// The pid, or -1 with errno.
int cspawn_wait(pid_t pid, int *status, long *peak_rss_kib);

/// Waits until `pid` has exited without reaping it (waitid WNOWAIT, retried on EINTR), so
/// its pid and process group id stay reserved until `cspawn_wait`.
void cspawn_wait_exited(pid_t pid);

/// Decoded wait status: the exit code, or -1 when a signal ended the child.
int cspawn_exit_code(int status);
/// The signal that ended the child, or 0.
int cspawn_term_signal(int status);

#endif
