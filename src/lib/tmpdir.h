/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A private working directory beside a target path, for files that must
 * appear whole or not at all (exhibits, a new case). */
#ifndef PR_LIB_TMPDIR_H
#define PR_LIB_TMPDIR_H

#include <stddef.h>
#include "proceeds.h"

/*
 * The working directory is ".BASE.proceeds-PID-N" in the target's own
 * directory (so that a rename moves its content into place on the same
 * file system), created with the umask's permissions, and locked (flock)
 * for as long as it is open. A process killed while it works leaves the
 * directory behind unlocked; the next pr__tmpdir_open for the same
 * target removes every such directory it can lock, and never one another
 * process still holds.
 */
typedef struct pr__tmpdir {
	int parent;      /* the target's directory */
	int fd;          /* the working directory, locked */
	char *base;      /* the target's last component */
	char *name;      /* the working directory's name in parent */
	char *path;      /* target's directory/name: for SQLite's open */
	const char *target;   /* as given, for messages */
} pr__tmpdir;

/* Make the working directory for @p target (a path whose last component
 * is a plain name). PR_EINVALID for a target that ends in "/", "." or
 * "..", PR_EIO when its directory cannot be opened or written. */
int pr__tmpdir_open(pr__tmpdir *t, const char *target, pr_error *err);

/* Remove the working directory and what is in it, and close it.
 * Accepts a pr__tmpdir that failed to open or was closed. */
void pr__tmpdir_close(pr__tmpdir *t);

/* Write @p size bytes as a new file @p name in directory @p dirfd (never
 * through a link: the name must not exist) and fsync it. @p shown names
 * the file in messages. PR_EIO with errno's text. */
int pr__file_write(int dirfd, const char *name, const void *data,
		   size_t size, const char *shown, pr_error *err);

/* fsync a file or directory by name in @p dirfd; 0 or -1 with errno. */
int pr__sync_at(int dirfd, const char *name);

/* Remove @p name in @p dirfd and, when it is a directory, everything in
 * it, never following a symbolic link (a link is removed, not its
 * target). 0, or -1 with errno. */
int pr__remove_tree(int dirfd, const char *name);

/* Rename @p from (in @p fromfd) to @p to (in @p tofd) unless @p to exists:
 * never replaces a file. 0, or -1 with errno (EEXIST when it exists). */
int pr__rename_noreplace(int fromfd, const char *from, int tofd,
			 const char *to);

/* Swap two names atomically where the system can (renameat2
 * RENAME_EXCHANGE); 0, or -1 with errno (EINVAL or ENOSYS where it
 * cannot). */
int pr__rename_exchange(int fromfd, const char *from, int tofd,
			const char *to);

#endif
