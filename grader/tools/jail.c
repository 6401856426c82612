/*
 * jail - bubblewrap's allow-list, built by root without bubblewrap.
 *
 * usage (as root, as PID 1 of fresh namespaces):
 *   unshare --mount --pid --net --ipc --uts --fork --kill-child -- \
 *     jail OPTION... -- CMD [ARG...]
 *
 * Where bubblewrap cannot start (in a chroot the kernel refuses user
 * namespaces, but root may still create mount and PID namespaces), this
 * gives student code the same view as bubblewrap does: a new root on a
 * tmpfs that holds only what the options name, entered with chroot(2).  CMD
 * then drops root itself (memlab_jail_argv in grader/lib/run.bash puts
 * setpriv in it).  It is C, not a script, because a mount(8) per entry
 * costs ~30 ms on a small machine, and there are twenty entries per run.
 *
 * The options are the subset of bubblewrap's that memlab_jail_argv uses,
 * applied in order:
 *   --ro-bind SRC DST   SRC seen at DST, read-only, no devices, no setuid
 *   --bind SRC DST      SRC seen at DST, writable, no devices, no setuid
 *   --symlink TARGET DST
 *   --tmpfs DST         an empty tmpfs (mode from --perms, else 0755)
 *   --dev DST           a tmpfs with null, zero, full, random, urandom, shm
 *   --proc DST          this PID namespace's /proc
 *   --perms MODE        the mode (octal) of the next --dir or --tmpfs
 *   --dir DST           an empty folder (an existing one is left alone)
 *   --chdir DIR         CMD's current folder, inside the new root
 *   --unshare-*, --die-with-parent, --new-session: unshare(1) did those
 *
 * This process stays PID 1 of the namespace, outside the new root: it
 * waits for CMD and exits with its status, 128+N when signal N killed it
 * (as bubblewrap does).  Not exec: PID 1 ignores every signal it has no
 * handler for, and a program that must die of SIGABRT cannot be PID 1.
 * When PID 1 ends, the kernel kills whatever is left in the namespace.
 * Exit 125 with a message when the jail cannot be built.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Every jail mounts its tmpfs here, each in a mount namespace of its own:
 * nothing is left behind, whatever kills us. */
static const char new_root[] = "/run/lock/memlab/jail";

static char path[PATH_MAX];

/* die - say what failed and why, and end with the jail's own status. */
static void die(const char *what, const char *arg)
{
	fprintf(stderr, "jail: %s %s: %s\n", what, arg, strerror(errno));
	exit(125);
}

/* make_dir - mkdir that accepts an existing folder. */
static void make_dir(const char *p, mode_t mode)
{
	if (mkdir(p, mode) < 0 && errno != EEXIST)
		die("cannot create", p);
}

/* target - DST inside the new root, its missing parents made (0755). */
static const char *target(const char *dst)
{
	size_t base = strlen(new_root);

	if (dst[0] != '/' || snprintf(path, sizeof(path), "%s%s", new_root, dst) >= (int)sizeof(path)) {
		errno = EINVAL;
		die("not an absolute path that fits:", dst);
	}
	for (char *s = strchr(path + base + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		make_dir(path, 0755);
		*s = '/';
	}
	return path;
}

/* bind - SRC seen at DST with FLAGS (MS_RDONLY...), never setuid, and
 * never devices unless FLAGS has DEVICES (dev()'s own nodes only). */
#define DEVICES (1UL << 62)
static void bind(const char *src, const char *dst, unsigned long flags)
{
	unsigned long nodev = flags & DEVICES ? 0 : MS_NODEV;

	struct stat st;
	const char *t;
	int fd;

	if (stat(src, &st) < 0)
		die("cannot bind", src);
	t = target(dst);
	if (S_ISDIR(st.st_mode)) {
		make_dir(t, 0755);
	} else {
		fd = open(t, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		if (fd < 0)
			die("cannot create", t);
		close(fd);
	}
	if (mount(src, t, NULL, MS_BIND, NULL) < 0)
		die("cannot bind", src);
	/* A bind mount takes new flags only when remounted. */
	if (mount(NULL, t, NULL, MS_REMOUNT | MS_BIND | MS_NOSUID | nodev | (flags & ~DEVICES), NULL) < 0)
		die("cannot remount", t);
}

/* tmpfs - an empty tmpfs at the absolute host path P. */
static void tmpfs(const char *p, const char *opts, unsigned long flags)
{
	make_dir(p, 0755);
	if (mount("tmpfs", p, "tmpfs", MS_NOSUID | MS_NODEV | flags, opts) < 0)
		die("cannot mount a tmpfs on", p);
}

/* dev - a /dev with only the harmless nodes (no disk, no terminal). */
static void dev(const char *dst)
{
	static const char *const nodes[] = { "null", "zero", "full", "random", "urandom" };
	static const char *const links[][2] = {
		{ "/proc/self/fd", "fd" }, { "/proc/self/fd/0", "stdin" },
		{ "/proc/self/fd/1", "stdout" }, { "/proc/self/fd/2", "stderr" },
	};
	char d[PATH_MAX], p[PATH_MAX + 16], src[32];

	snprintf(d, sizeof(d), "%s", target(dst));
	tmpfs(d, "mode=0755,size=64k", MS_NOEXEC);
	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		snprintf(src, sizeof(src), "/dev/%s", nodes[i]);
		snprintf(p, sizeof(p), "%s/%s", dst, nodes[i]);
		/* A node on a nodev mount cannot be opened: /dev/null would
		 * fail every program that writes to it (callgrind's output). */
		bind(src, p, DEVICES);
	}
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", d, links[i][1]);
		if (symlink(links[i][0], p) < 0)
			die("cannot create", p);
	}
	snprintf(p, sizeof(p), "%s/shm", d);
	tmpfs(p, "mode=1777", 0);
}

int main(int argc, char **argv)
{
	const char *chdir_to = "/";
	char opts[64];
	mode_t perms = 0755;
	int i, status;
	pid_t child;

	if (getpid() != 1 || geteuid() != 0) {
		fprintf(stderr, "jail: run me as root, as PID 1 of new namespaces (see the header)\n");
		return 125;
	}
	umask(022);
	make_dir("/run/lock/memlab", 0755);
	make_dir(new_root, 0755);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die("cannot make the mounts private:", "/");
	tmpfs(new_root, "mode=0755,size=1m", 0);

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		const char *o = argv[i];
		int two = !strcmp(o, "--ro-bind") || !strcmp(o, "--bind") || !strcmp(o, "--symlink");

		if (i + 1 + two >= argc) {
			fprintf(stderr, "jail: %s wants %d argument(s)\n", o, 1 + two);
			return 125;
		}
		if (!strcmp(o, "--ro-bind")) {
			bind(argv[i + 1], argv[i + 2], MS_RDONLY);
		} else if (!strcmp(o, "--bind")) {
			bind(argv[i + 1], argv[i + 2], 0);
		} else if (!strcmp(o, "--symlink")) {
			if (symlink(argv[i + 1], target(argv[i + 2])) < 0 && errno != EEXIST)
				die("cannot create", path);
		} else if (!strcmp(o, "--tmpfs")) {
			snprintf(opts, sizeof(opts), "mode=%04o", (unsigned)perms);
			tmpfs(target(argv[i + 1]), opts, 0);
			perms = 0755;
		} else if (!strcmp(o, "--dev")) {
			dev(argv[i + 1]);
		} else if (!strcmp(o, "--proc")) {
			make_dir(target(argv[i + 1]), 0755);
			if (mount("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
				die("cannot mount", path);
		} else if (!strcmp(o, "--perms")) {
			perms = (mode_t)strtoul(argv[i + 1], NULL, 8) & 07777;
		} else if (!strcmp(o, "--dir")) {
			struct stat st;

			if (stat(target(argv[i + 1]), &st) < 0) {
				make_dir(path, perms);
				if (chmod(path, perms) < 0)
					die("cannot chmod", path);
			}
			perms = 0755;
		} else if (!strcmp(o, "--chdir")) {
			chdir_to = argv[i + 1];
		} else if (!strncmp(o, "--unshare-", 10) || !strcmp(o, "--die-with-parent") ||
			   !strcmp(o, "--new-session")) {
			continue;
		} else {
			fprintf(stderr, "jail: unknown option %s\n", o);
			return 125;
		}
		i += 1 + two;
	}
	if (i + 1 >= argc) {
		fprintf(stderr, "jail: no command after --\n");
		return 125;
	}
	/* The new root itself is read-only: only --bind folders take writes. */
	if (mount("tmpfs", new_root, "tmpfs", MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) < 0)
		die("cannot remount read-only", new_root);

	child = fork();
	if (child < 0)
		die("cannot fork", "");
	if (child == 0) {
		/* setsid: no controlling terminal to push keystrokes into. */
		if (chroot(new_root) < 0 || chdir(chdir_to) < 0 || setsid() < 0)
			die("cannot enter the jail at", chdir_to);
		execvp(argv[i + 1], argv + i + 1);
		die("cannot run", argv[i + 1]);
	}
	/* PID 1 also reaps the orphans; it ends with its own child. */
	for (;;) {
		pid_t p = wait(&status);

		if (p < 0 && errno == EINTR)
			continue;
		if (p < 0)
			die("lost the child", argv[i + 1]);
		if (p == child)
			break;
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
