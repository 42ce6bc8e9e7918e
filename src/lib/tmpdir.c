/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files that appear whole or not at all: a locked working directory beside
 * the target, written and synced, then renamed into place; links are
 * never followed. Used by the exhibit writer and by case creation. */
#define _GNU_SOURCE 1 /* renameat2, flock: glibc declares them here */
#include "config.h"
#include "common.h"
#include "tmpdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define TMP_TAG ".proceeds-"
/* deeper than any tree we write; a planted deeper one is left alone */
#define MAX_DEPTH 32

static int remove_in(int dirfd, const char *name, int depth);

/* Empty the open directory @p fd. */
static int
empty_dir(int fd, int depth)
{
	DIR *d;
	struct dirent *e;
	int again = 1, rc = 0, dup_fd = dup(fd);

	if (dup_fd < 0)
		return -1;
	d = fdopendir(dup_fd);
	if (d == NULL) {
		close(dup_fd);
		return -1;
	}
	/* read again until nothing is left: removing entries while
	 * reading may hide some from this pass */
	while (again && rc == 0) {
		again = 0;
		rewinddir(d);
		while ((e = readdir(d)) != NULL && rc == 0) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			rc = remove_in(fd, e->d_name, depth + 1);
			again = 1;
		}
	}
	closedir(d);
	return rc;
}

static int
remove_in(int dirfd, const char *name, int depth)
{
	int fd, rc, e;

	if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return -1;
	if (depth >= MAX_DEPTH) {
		errno = ELOOP;
		return -1;
	}
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	rc = empty_dir(fd, depth);
	e = errno;
	close(fd);
	if (rc != 0) {
		errno = e;
		return -1;
	}
	if (unlinkat(dirfd, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
		return -1;
	return 0;
}

int
pr__remove_tree(int dirfd, const char *name)
{
	return remove_in(dirfd, name, 0);
}

int
pr__sync_at(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	int rc, e;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

int
pr__file_write(int dirfd, const char *name, const void *data, size_t size,
	       const char *shown, pr_error *err)
{
	const unsigned char *p = data;
	int fd, e;

	/* O_EXCL: a name that exists, a planted link included, is an error
	 * and is never followed */
	fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0666);
	if (fd < 0)
		return pr__error_sys(err, PR_EIO, errno, shown,
				     "cannot create");
	while (size > 0) {
		ssize_t n = write(fd, p, size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			e = n < 0 ? errno : ENOSPC;
			close(fd);
			return pr__error_sys(err, PR_EIO, e, shown, "write");
		}
		p += n;
		size -= (size_t)n;
	}
	if (fsync(fd) != 0) {
		e = errno;
		close(fd);
		return pr__error_sys(err, PR_EIO, e, shown, "write");
	}
	if (close(fd) != 0)
		return pr__error_sys(err, PR_EIO, errno, shown, "write");
	return PR_OK;
}

int
pr__rename_exchange(int fromfd, const char *from, int tofd, const char *to)
{
#ifdef RENAME_EXCHANGE
	return renameat2(fromfd, from, tofd, to, RENAME_EXCHANGE);
#else
	(void)fromfd;
	(void)from;
	(void)tofd;
	(void)to;
	errno = ENOSYS;
	return -1;
#endif
}

int
pr__rename_noreplace(int fromfd, const char *from, int tofd, const char *to)
{
	/* a hard link never replaces: EEXIST when the name is taken */
	if (linkat(fromfd, from, tofd, to, 0) == 0) {
		unlinkat(fromfd, from, 0);
		return 0;
	}
	if (errno == EEXIST)
		return -1;
#ifdef RENAME_NOREPLACE
	/* file systems without hard links */
	return renameat2(fromfd, from, tofd, to, RENAME_NOREPLACE);
#else
	return -1;
#endif
}

/* ".BASE.proceeds-" followed by digits, '-', digits: only such names
 * are ever swept. */
static int
is_ours(const char *name, const char *base)
{
	size_t b = strlen(base), t = strlen(TMP_TAG);
	const char *p;
	int dash = 0, digits = 0;

	if (name[0] != '.' || strncmp(name + 1, base, b) != 0 ||
	    strncmp(name + 1 + b, TMP_TAG, t) != 0)
		return 0;
	for (p = name + 1 + b + t; *p; p++) {
		if (*p == '-' && digits > 0 && !dash) {
			dash = 1;
			digits = 0;
		} else if (*p >= '0' && *p <= '9') {
			digits++;
		} else {
			return 0;
		}
	}
	return dash && digits > 0;
}

/* Remove the working directories of processes that died at work: those
 * nobody holds locked. */
static void
sweep(int parent, const char *base)
{
	int fd = dup(parent);
	DIR *d;
	struct dirent *e;

	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (d == NULL) {
		close(fd);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		int w;

		if (!is_ours(e->d_name, base))
			continue;
		w = openat(parent, e->d_name, O_RDONLY | O_DIRECTORY |
			   O_NOFOLLOW | O_CLOEXEC);
		if (w < 0)
			continue;
		if (flock(w, LOCK_EX | LOCK_NB) == 0)
			pr__remove_tree(parent, e->d_name);
		close(w);
	}
	closedir(d);
}

/* Split @p target into its directory and last component. */
static int
split(pr__tmpdir *t, char **dir, const char *target, pr_error *err)
{
	const char *slash = strrchr(target, '/');
	const char *base = slash ? slash + 1 : target;

	if (*base == '\0' || strcmp(base, ".") == 0 ||
	    strcmp(base, "..") == 0)
		return pr__error_set(err, PR_EINVALID, "%s: give a name, not "
				     "a directory of the path", target);
	if (slash == NULL)
		*dir = pr__strdup(".");
	else if (slash == target)
		*dir = pr__strdup("/");
	else
		*dir = pr__strndup(target, (size_t)(slash - target));
	t->base = pr__strdup(base);
	if (*dir == NULL || t->base == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	return PR_OK;
}

int
pr__tmpdir_open(pr__tmpdir *t, const char *target, pr_error *err)
{
	char *dir = NULL;
	size_t len;
	unsigned n;
	int rc;

	memset(t, 0, sizeof(*t));
	t->parent = -1;
	t->fd = -1;
	t->target = target;
	rc = split(t, &dir, target, err);
	if (rc != PR_OK)
		goto done;
	t->parent = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (t->parent < 0) {
		rc = pr__error_sys(err, PR_EIO, errno, dir, "cannot open");
		goto done;
	}
	sweep(t->parent, t->base);
	len = strlen(t->base) + sizeof(TMP_TAG) + 48;
	t->name = pr__malloc(len);
	if (t->name == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	for (n = 0;; n++) {
		struct stat a, b;

		snprintf(t->name, len, ".%s%s%ld-%u", t->base, TMP_TAG,
			 (long)getpid(), n);
		if (mkdirat(t->parent, t->name, 0777) != 0) {
			if (errno == EEXIST && n < 1000)
				continue;
			rc = pr__error_sys(err, PR_EIO, errno, dir,
					   "cannot create a directory in");
			goto done;
		}
		t->fd = openat(t->parent, t->name, O_RDONLY | O_DIRECTORY |
			       O_NOFOLLOW | O_CLOEXEC);
		if (t->fd >= 0 && flock(t->fd, LOCK_EX) == 0 &&
		    fstat(t->fd, &a) == 0 &&
		    fstatat(t->parent, t->name, &b, AT_SYMLINK_NOFOLLOW) ==
		    0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			break;
		/* another process's sweep took it between mkdir and lock */
		if (t->fd >= 0)
			close(t->fd);
		t->fd = -1;
		if (n >= 1000) {
			rc = pr__error_sys(err, PR_EIO, errno ? errno : EEXIST,
					   dir, "cannot create a directory in");
			goto done;
		}
	}
	len = strlen(dir) + strlen(t->name) + strlen(t->base) + 3;
	t->path = pr__malloc(len);
	if (t->path == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	snprintf(t->path, len, "%s/%s/%s", dir, t->name, t->base);
	rc = PR_OK;
done:
	pr__free(dir);
	if (rc != PR_OK)
		pr__tmpdir_close(t);
	return rc;
}

void
pr__tmpdir_close(pr__tmpdir *t)
{
	if (t->fd >= 0) {
		/* still locked while it goes */
		pr__remove_tree(t->parent, t->name);
		close(t->fd);
	}
	if (t->parent >= 0)
		close(t->parent);
	pr__free(t->base);
	pr__free(t->name);
	pr__free(t->path);
	memset(t, 0, sizeof(*t));
	t->parent = -1;
	t->fd = -1;
}
