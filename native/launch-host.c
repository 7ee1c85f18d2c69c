/*
 * The native launch host: starts the agent processes of a run for the harness, like bin/launch-host.cjs,
 * with posix_spawn instead of Node's fork + exec (src/core/agents/native-transport.ts starts it, one per
 * run, and talks to it over its stdin and stdout).
 *
 * Why: a spawn from Node forks the Node process (its page tables are copied, then torn down by the
 * exec) and costs about 2 ms here; posix_spawn from this small process (a vfork: nothing is copied)
 * costs well under 1 ms for the same process (docs/PERFORMANCE.md). Built by scripts/build-native-host.mjs
 * with the system's C compiler; where there is none the harness uses the Node host and says so.
 *
 * Protocol: frames of a u32 length (little-endian) and that many bytes; integers are u32 or i32 LE,
 * strings and byte strings a u32 length and their bytes.
 *   harness -> host  'S' id argc [arg]... cwd envc [K=V]... stdin     envc 0xFFFFFFFF: the last env again
 *   host -> harness  'P' id pid                                       it runs, in its own process group
 *                    'O' id stream bytes-to-end                       output past OUTPUT_FLUSH_BYTES (1 out, 2 err)
 *                    'E' id errno code message                        it could not start
 *                    'C' id code signal stdout stderr                 it ended, output drained; code
 *                                                                     0x80000000: none (a signal); a
 *                                                                     spawn error's: -errno, as Node's
 * Deadlines and kills stay with the harness (it signals the group); once a leader exited, this host
 * SIGKILLs its group before the close (the group's last members). When the harness goes away (its end
 * of stdin closes: exit, crash, SIGKILL), this process kills every group it started, then exits. The
 * harness starts it in a session and process group of its own (detached), so a SIGKILL of the
 * harness's group does not take this process along before it could do so (issue 28). As a second
 * trigger, on Linux the kernel sends it SIGUSR1 when the harness (argv[1]: its pid) dies
 * (PR_SET_PDEATHSIG), should the stdin pipe outlive the harness.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define OUTPUT_FLUSH_BYTES (64 * 1024)
#define SAME_ENV 0xFFFFFFFFu
/** A close's exit code when there is none (killed by a signal). */
#define NO_CODE 0x80000000u

typedef struct {
  char *data;
  size_t len, cap;
} buf_t;

typedef struct child {
  uint32_t id;
  pid_t pid;
  int out_fd, err_fd, in_fd;
  buf_t in, out, err;
  size_t in_off;
  int exited, status;
  struct child *next;
} child_t;

static child_t *children;
static char **last_env;
static int sigchld_pipe[2];
static buf_t request;

static void kill_all(void);

/** A bug on one side or no memory: what runs is killed (no agent outlives its host), then exit 70. */
static void die(const char *what) {
  fprintf(stderr, "obra-validate launch host: %s: %s\n", what, strerror(errno));
  kill_all();
  exit(70);
}

static void reserve(buf_t *b, size_t more) {
  if (b->len + more <= b->cap) return;
  size_t cap = b->cap ? b->cap : 4096;
  while (cap < b->len + more) cap *= 2;
  char *data = realloc(b->data, cap);
  if (!data) die("out of memory");
  b->data = data;
  b->cap = cap;
}

static void append(buf_t *b, const void *bytes, size_t n) {
  reserve(b, n);
  memcpy(b->data + b->len, bytes, n);
  b->len += n;
}

static void append_u32(buf_t *b, uint32_t v) {
  unsigned char le[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff};
  append(b, le, 4);
}

static void append_bytes(buf_t *b, const char *bytes, size_t n) {
  append_u32(b, (uint32_t)n);
  append(b, bytes, n);
}

static void write_all(int fd, const char *data, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, data, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) return; /* the harness is gone: stdin's end follows */
      die("write to the harness");
    }
    data += w;
    n -= (size_t)w;
  }
}

/** Sends one frame: its payload is built in `payload` (cleared after). */
static void send_frame(buf_t *payload) {
  buf_t frame = {0};
  append_u32(&frame, (uint32_t)payload->len);
  append(&frame, payload->data, payload->len);
  write_all(1, frame.data, frame.len);
  free(frame.data);
  payload->len = 0;
}

static void send_output(child_t *c, int stream, buf_t *held) {
  buf_t p = {0};
  append(&p, "O", 1);
  append_u32(&p, c->id);
  unsigned char s = (unsigned char)stream;
  append(&p, &s, 1);
  append(&p, held->data, held->len);
  send_frame(&p);
  free(p.data);
  held->len = 0;
}

static void send_error(uint32_t id, int err, const char *file) {
  buf_t p = {0};
  append(&p, "E", 1);
  append_u32(&p, id);
  append_u32(&p, (uint32_t)err);
  const char *code = err == ENOENT ? "ENOENT" : err == EACCES ? "EACCES" : err == ENOTDIR ? "ENOTDIR" : err == E2BIG ? "E2BIG" : err == ENOEXEC ? "ENOEXEC" : err == ENOMEM ? "ENOMEM" : err == EMFILE ? "EMFILE" : "EUNKNOWN";
  append_bytes(&p, code, strlen(code));
  char message[4096];
  snprintf(message, sizeof message, "spawn %s %s", file, code);
  append_bytes(&p, message, strlen(message));
  send_frame(&p);
  /* Then its close, as Node's spawn reports one: the negative errno as the code, no signal, no output. */
  append(&p, "C", 1);
  append_u32(&p, id);
  append_u32(&p, (uint32_t)-err);
  append_u32(&p, 0);
  append_u32(&p, 0);
  append_u32(&p, 0);
  send_frame(&p);
  free(p.data);
}

/** Every group not closed yet, its leader's exit or not: members may still hold its pipes. */
static void kill_all(void) {
  for (child_t *c = children; c; c = c->next) kill(-c->pid, SIGKILL);
}

/** Set by SIGUSR1: the harness died (PR_SET_PDEATHSIG). */
static volatile sig_atomic_t parent_gone;

static void on_sigchld(int sig) {
  int saved = errno;
  if (sig == SIGUSR1) parent_gone = 1;
  ssize_t ignored = write(sigchld_pipe[1], "x", 1);
  (void)ignored;
  errno = saved;
}

/**
 * Asks the kernel for SIGUSR1 when the harness dies. `harness` is its pid as given in argv[1]: when it
 * is no longer this process's parent, the harness died before the request was made.
 */
static void watch_parent(const char *harness) {
  if (prctl(PR_SET_PDEATHSIG, SIGUSR1) < 0) die("prctl(PR_SET_PDEATHSIG)");
  if (harness && atoi(harness) != getppid()) parent_gone = 1;
}

static void nonblocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) die("fcntl");
}

/** Reads a request field; returns 0 when the frame is too short (a bug on the other side). */
typedef struct {
  const unsigned char *at, *end;
} reader_t;

static int read_u32(reader_t *r, uint32_t *v) {
  if (r->end - r->at < 4) return 0;
  *v = (uint32_t)r->at[0] | ((uint32_t)r->at[1] << 8) | ((uint32_t)r->at[2] << 16) | ((uint32_t)r->at[3] << 24);
  r->at += 4;
  return 1;
}

/** A NUL-terminated copy of a length-prefixed string, or NULL. */
static char *read_string(reader_t *r, uint32_t *len_out) {
  uint32_t len;
  if (!read_u32(r, &len) || (uint32_t)(r->end - r->at) < len) return NULL;
  char *s = malloc(len + 1);
  if (!s) die("out of memory");
  memcpy(s, r->at, len);
  s[len] = 0;
  r->at += len;
  if (len_out) *len_out = len;
  return s;
}

static void free_list(char **list) {
  if (!list) return;
  for (char **p = list; *p; p++) free(*p);
  free(list);
}

/**
 * The file to exec: as given when it names a path, else the first executable match on the child's PATH,
 * as execvp finds it: a relative entry (or an empty one: the current folder) is the child's cwd's, and
 * a match that cannot be executed makes the error EACCES rather than ENOENT (*err).
 */
static char *resolve(const char *file, char **env, const char *cwd, int *err) {
  *err = ENOENT;
  if (strchr(file, '/')) return strdup(file);
  const char *path = "/usr/local/bin:/usr/bin:/bin";
  for (char **e = env; e && *e; e++)
    if (strncmp(*e, "PATH=", 5) == 0) path = *e + 5;
  size_t flen = strlen(file);
  const char *dir = path;
  for (;;) {
    const char *colon = strchr(dir, ':');
    size_t dlen = colon ? (size_t)(colon - dir) : strlen(dir);
    char *candidate = malloc(dlen + flen + 2);
    if (!candidate) die("out of memory");
    if (dlen == 0) {
      memcpy(candidate, file, flen + 1);
    } else {
      memcpy(candidate, dir, dlen);
      candidate[dlen] = '/';
      memcpy(candidate + dlen + 1, file, flen + 1);
    }
    /* The exec runs after the chdir: a relative candidate is looked up from the child's cwd. */
    char *seen = candidate;
    if (candidate[0] != '/') {
      size_t clen = strlen(cwd), len = strlen(candidate);
      seen = malloc(clen + len + 2);
      if (!seen) die("out of memory");
      memcpy(seen, cwd, clen);
      seen[clen] = '/';
      memcpy(seen + clen + 1, candidate, len + 1);
    }
    struct stat st;
    int found = stat(seen, &st) == 0 && S_ISREG(st.st_mode);
    int runnable = found && access(seen, X_OK) == 0;
    if (seen != candidate) free(seen);
    if (runnable) return candidate;
    if (found) *err = EACCES;
    free(candidate);
    if (!colon) return NULL;
    dir = colon + 1;
  }
}

static void start(const unsigned char *payload, size_t len) {
  reader_t r = {payload + 1, payload + len};
  uint32_t id, argc, envc, stdin_len;
  if (!read_u32(&r, &id) || !read_u32(&r, &argc) || argc == 0) die("malformed start request");
  char **argv = calloc(argc + 1, sizeof *argv);
  if (!argv) die("out of memory");
  for (uint32_t i = 0; i < argc; i++)
    if (!(argv[i] = read_string(&r, NULL))) die("malformed start request (argv)");
  char *cwd = read_string(&r, NULL);
  if (!cwd || !read_u32(&r, &envc)) die("malformed start request (cwd)");
  if (envc != SAME_ENV) {
    char **env = calloc(envc + 1, sizeof *env);
    if (!env) die("out of memory");
    for (uint32_t i = 0; i < envc; i++)
      if (!(env[i] = read_string(&r, NULL))) die("malformed start request (env)");
    free_list(last_env);
    last_env = env;
  }
  char *input = read_string(&r, &stdin_len);
  if (!input) die("malformed start request (stdin)");

  int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
  if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) {
    int e = errno;
    for (int i = 0; i < 2; i++) {
      if (in[i] >= 0) close(in[i]);
      if (out[i] >= 0) close(out[i]);
      if (err[i] >= 0) close(err[i]);
    }
    send_error(id, e, argv[0]);
    goto done;
  }
  int spawn_errno;
  char *file = resolve(argv[0], last_env, cwd, &spawn_errno);
  pid_t pid = -1;
  if (file) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    posix_spawn_file_actions_addchdir_np(&actions, cwd);
    /* Its own process group; every signal at its default and none blocked (this process ignores some). */
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    spawn_errno = posix_spawn(&pid, file, &actions, &attr, argv, last_env);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    free(file);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  if (spawn_errno != 0) {
    close(in[1]);
    close(out[0]);
    close(err[0]);
    send_error(id, spawn_errno, argv[0]);
    goto done;
  }
  child_t *c = calloc(1, sizeof *c);
  if (!c) die("out of memory");
  c->id = id;
  c->pid = pid;
  c->in_fd = in[1];
  c->out_fd = out[0];
  c->err_fd = err[0];
  nonblocking(c->in_fd);
  nonblocking(c->out_fd);
  nonblocking(c->err_fd);
  if (stdin_len > 0) append(&c->in, input, stdin_len);
  c->next = children;
  children = c;
  {
    buf_t p = {0};
    append(&p, "P", 1);
    append_u32(&p, id);
    append_u32(&p, (uint32_t)pid);
    send_frame(&p);
    free(p.data);
  }
  if (c->in.len == 0) {
    close(c->in_fd);
    c->in_fd = -1;
  }
done:
  free_list(argv);
  free(cwd);
  free(input);
}

/** Writes what stdin still has; closes it once written or once the process stopped reading. */
static void feed(child_t *c) {
  while (c->in_off < c->in.len) {
    ssize_t w = write(c->in_fd, c->in.data + c->in_off, c->in.len - c->in_off);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) return;
      break; /* EPIPE: it exited before reading; its exit status tells what happened */
    }
    c->in_off += (size_t)w;
  }
  close(c->in_fd);
  c->in_fd = -1;
}

static void drain(child_t *c, int *fd, buf_t *held, int stream) {
  char chunk[65536];
  for (;;) {
    ssize_t n = read(*fd, chunk, sizeof chunk);
    if (n > 0) {
      append(held, chunk, (size_t)n);
      if (held->len >= OUTPUT_FLUSH_BYTES) send_output(c, stream, held);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    close(*fd);
    *fd = -1;
    return;
  }
}

/** Sends 'C' for each child that exited and whose output is drained, and forgets it. */
static void reap(void) {
  int status;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    for (child_t *c = children; c; c = c->next)
      if (c->pid == pid) {
        c->exited = 1;
        c->status = status;
      }
  }
  for (child_t **link = &children; *link;) {
    child_t *c = *link;
    if (!c->exited || c->out_fd >= 0 || c->err_fd >= 0) {
      link = &c->next;
      continue;
    }
    /* The leader exited: no member of its group may outlive it (the harness counts on this host for it). */
    kill(-c->pid, SIGKILL);
    buf_t p = {0};
    append(&p, "C", 1);
    append_u32(&p, c->id);
    append_u32(&p, WIFEXITED(c->status) ? (uint32_t)WEXITSTATUS(c->status) : NO_CODE);
    append_u32(&p, WIFSIGNALED(c->status) ? (uint32_t)WTERMSIG(c->status) : 0);
    append_bytes(&p, c->out.data, c->out.len);
    append_bytes(&p, c->err.data, c->err.len);
    send_frame(&p);
    free(p.data);
    if (c->in_fd >= 0) close(c->in_fd);
    free(c->in.data);
    free(c->out.data);
    free(c->err.data);
    *link = c->next;
    free(c);
  }
}

/** Reads what the harness sent; runs each whole frame. Returns 0 once the harness is gone. */
static int read_requests(void) {
  for (;;) {
    reserve(&request, 65536);
    ssize_t n = read(0, request.data + request.len, request.cap - request.len);
    if (n > 0) {
      request.len += (size_t)n;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) break;
    return 0; /* EOF or an error: the harness is gone */
  }
  size_t at = 0;
  while (request.len - at >= 4) {
    const unsigned char *h = (const unsigned char *)request.data + at;
    size_t len = (size_t)h[0] | ((size_t)h[1] << 8) | ((size_t)h[2] << 16) | ((size_t)h[3] << 24);
    if (request.len - at - 4 < len) break;
    if (len > 0 && h[4] == 'S') start(h + 4, len);
    at += 4 + len;
  }
  memmove(request.data, request.data + at, request.len - at);
  request.len -= at;
  return 1;
}

int main(int argc, char **argv) {
  /* Ctrl+C and friends reach the whole foreground group: the harness decides what stops. */
  signal(SIGINT, SIG_IGN);
  signal(SIGTERM, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  signal(SIGQUIT, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  if (pipe2(sigchld_pipe, O_CLOEXEC | O_NONBLOCK) < 0) die("pipe");
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigchld;
  sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGCHLD, &sa, NULL) < 0 || sigaction(SIGUSR1, &sa, NULL) < 0) die("sigaction");
  watch_parent(argc > 1 ? argv[1] : NULL);
  nonblocking(0);

  struct pollfd *fds = NULL;
  child_t **owners = NULL;
  int *kinds = NULL;
  size_t cap = 0;
  for (;;) {
    if (parent_gone) {
      kill_all();
      return 0;
    }
    size_t count = 2;
    for (child_t *c = children; c; c = c->next) count += 3;
    if (count > cap) {
      cap = count * 2;
      fds = realloc(fds, cap * sizeof *fds);
      owners = realloc(owners, cap * sizeof *owners);
      kinds = realloc(kinds, cap * sizeof *kinds);
      if (!fds || !owners || !kinds) die("out of memory");
    }
    size_t n = 0;
    fds[n] = (struct pollfd){.fd = 0, .events = POLLIN};
    kinds[n++] = 0;
    fds[n] = (struct pollfd){.fd = sigchld_pipe[0], .events = POLLIN};
    kinds[n++] = 1;
    for (child_t *c = children; c; c = c->next) {
      if (c->out_fd >= 0) {
        fds[n] = (struct pollfd){.fd = c->out_fd, .events = POLLIN};
        owners[n] = c;
        kinds[n++] = 2;
      }
      if (c->err_fd >= 0) {
        fds[n] = (struct pollfd){.fd = c->err_fd, .events = POLLIN};
        owners[n] = c;
        kinds[n++] = 3;
      }
      if (c->in_fd >= 0) {
        fds[n] = (struct pollfd){.fd = c->in_fd, .events = POLLOUT};
        owners[n] = c;
        kinds[n++] = 4;
      }
    }
    if (poll(fds, n, -1) < 0) {
      if (errno == EINTR) continue;
      die("poll");
    }
    int alive = 1;
    for (size_t i = 0; i < n; i++) {
      if (!fds[i].revents) continue;
      child_t *c = owners[i];
      switch (kinds[i]) {
        case 0:
          alive = read_requests();
          break;
        case 1: {
          char drainbuf[256];
          while (read(sigchld_pipe[0], drainbuf, sizeof drainbuf) > 0) {
          }
          break;
        }
        case 2:
          drain(c, &c->out_fd, &c->out, 1);
          break;
        case 3:
          drain(c, &c->err_fd, &c->err, 2);
          break;
        case 4:
          feed(c);
          break;
      }
      if (!alive) break;
    }
    if (!alive) {
      kill_all();
      return 0;
    }
    reap();
  }
}
