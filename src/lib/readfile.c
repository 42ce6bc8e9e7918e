/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whole-file reading for the formats parsed in memory (messages, XML,
 * JSON): one read, hashed as it is read, with a hard size cap. */
#include "config.h"
#include "common.h"
#include "import.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int
pr__read_file(char **out, size_t *len_out, const char *path,
	      const char *name, size_t max, pr__read_info *info,
	      pr_error *err)
{
	pr_sha256 *h = NULL;
	char *buf = NULL;
	size_t cap = 0, len = 0, got;
	FILE *fp;
	int rc;

	*out = NULL;
	fp = fopen(path, "rb");
	if (fp == NULL)
		return pr__error_sys(err, errno == ENOENT ? PR_ENOTFOUND :
				     PR_EIO, errno, name, NULL);
	rc = pr_sha256_new(&h, err);
	while (rc == PR_OK) {
		if (len == cap) {
			size_t ncap = cap == 0 ? 65536 : cap * 2;
			char *nb;

			if (cap > max) {
				rc = pr__error_set(
					err, PR_EPARSE,
					"%s: larger "
					"than %lu MiB; not a file of "
					"this kind?",
					name, (unsigned long)(max >> 20));
				break;
			}
			nb = pr__realloc(buf, ncap + 1);
			if (nb == NULL) {
				rc = pr__error_set(err, PR_ENOMEM,
						   "out of memory");
				break;
			}
			buf = nb;
			cap = ncap;
		}
		got = fread(buf + len, 1, cap - len, fp);
		pr_sha256_update(h, buf + len, got);
		len += got;
		if (got == 0)
			break;
	}
	if (rc == PR_OK && ferror(fp))
		rc = pr__error_sys(err, PR_EIO, errno, name, NULL);
	if (rc == PR_OK && len > max)
		rc = pr__error_set(err, PR_EPARSE, "%s: larger than %lu MiB; "
				   "not a file of this kind?", name,
				   (unsigned long)(max >> 20));
	/* every format read here is text: a NUL byte is reported as what it
	 * is, where it is, before a parser calls it something else */
	if (rc == PR_OK && memchr(buf, '\0', len) != NULL) {
		pr_loc loc;

		pr__buf_loc(&loc, name, buf, memchr(buf, '\0', len));
		rc = pr__error_at(err, PR_EPARSE, &loc,
				  "NUL byte: this is not a text file");
	}
	if (rc == PR_OK) {
		buf[len] = '\0';
		pr_sha256_final_hex(h, info->sha256);
		info->size = len;
		*out = buf;
		*len_out = len;
		buf = NULL;
	}
	pr_sha256_free(h);
	pr__free(buf);
	fclose(fp);
	return rc;
}

void
pr__buf_loc(pr_loc *loc, const char *name, const char *buf, const char *p)
{
	const char *s;

	memset(loc, 0, sizeof(*loc));
	snprintf(loc->path, sizeof(loc->path), "%s", name);
	loc->line = 1;
	loc->column = 1;
	for (s = buf; s < p; s++) {
		if (*s == '\n') {
			loc->line++;
			loc->column = 1;
		} else {
			loc->column++;
		}
	}
}
