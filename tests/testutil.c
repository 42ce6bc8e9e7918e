/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the Check suites (see testutil.h). Test code: it uses
 * the C library's allocator directly and aborts the test on any failure. */
#define _DEFAULT_SOURCE 1 /* realpath */
#include "config.h"
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		ck_abort_msg("out of memory (%lu bytes)", (unsigned long)n);
	return p;
}

char *
tu_path(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = xmalloc(n);

	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

char *
tu_fixture(const char *sub, const char *name)
{
	const char *root = getenv("PR_FIXTURES");
	char *d, *p;

	ck_assert_msg(root != NULL, "PR_FIXTURES is not set");
	d = tu_path(root, sub);
	p = tu_path(d, name);
	free(d);
	return p;
}

char *
tu_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *tmpl;

	if (base == NULL || *base == '\0')
		base = "/tmp";
	tmpl = tu_path(base, "proceeds-test-XXXXXX");
	if (mkdtemp(tmpl) == NULL) {
		int e = errno;

		free(tmpl);
		ck_abort_msg("mkdtemp under %s: %s", base, strerror(e));
	}
	return tmpl;
}

void
tu_rmtree(const char *path)
{
	struct stat sb;
	DIR *d;
	struct dirent *e;

	if (path == NULL || lstat(path, &sb) != 0)
		return;
	if (!S_ISDIR(sb.st_mode)) {
		unlink(path);
		return;
	}
	d = opendir(path);
	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			char *sub;

			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			sub = tu_path(path, e->d_name);
			tu_rmtree(sub);
			free(sub);
		}
		closedir(d);
	}
	rmdir(path);
}

char *
tu_write_bytes(const char *dir, const char *name, const void *data,
	       size_t len)
{
	char *path = tu_path(dir, name);
	FILE *fp = fopen(path, "wb");
	int ok;

	if (fp == NULL) {
		int e = errno;

		free(path);
		ck_abort_msg("cannot write %s/%s: %s", dir, name,
			     strerror(e));
	}
	ok = fwrite(data, 1, len, fp) == len;
	ok = (fclose(fp) == 0) && ok;
	if (!ok) {
		free(path);
		ck_abort_msg("cannot write %s/%s", dir, name);
	}
	return path;
}

char *
tu_write(const char *dir, const char *name, const char *text)
{
	return tu_write_bytes(dir, name, text, strlen(text));
}

char *
tu_read_file(const char *path, size_t *len_out)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (fp == NULL)
		ck_abort_msg("cannot read %s: %s", path, strerror(errno));
	for (;;) {
		if (cap - len < 4096) {
			char *g;

			cap = cap ? 2 * cap : 8192;
			g = realloc(buf, cap);
			if (g == NULL) {
				free(buf);
				fclose(fp);
				ck_abort_msg("out of memory reading %s", path);
			}
			buf = g;
		}
		n = fread(buf + len, 1, cap - len - 1, fp);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		free(buf);
		fclose(fp);
		ck_abort_msg("cannot read %s", path);
	}
	fclose(fp);
	buf[len] = '\0';
	if (len_out != NULL)
		*len_out = len;
	return buf;
}

pr_store *
tu_case_new(const char *dir, const char *name)
{
	char *path = tu_path(dir, name);
	pr_store *st = NULL;
	pr_error err;
	int rc;

	pr_error_clear(&err);
	rc = pr_store_open(&st, path, PR_STORE_CREATE, &err);
	free(path);
	if (rc != PR_OK)
		ck_abort_msg("cannot create case %s/%s: %d %s", dir, name, rc,
			     err.msg);
	return st;
}

pr_profile *
tu_profile(const char *text)
{
	pr_profile *p = NULL;
	pr_error err;
	char m[400];

	pr_error_clear(&err);
	if (pr_profile_parse(&p, "test.profile", text, strlen(text), &err)
	    != PR_OK) {
		pr_error_format(m, sizeof(m), &err);
		ck_abort_msg("profile: %s", m);
	}
	return p;
}

void
tu_import(pr_store *st, const char *dir, const char *name, const char *text,
	  const pr_profile *profile, const char *account,
	  const char *currency, pr_import_result *res)
{
	pr_import_options o = PR_IMPORT_OPTIONS_INIT;
	pr_import_result r;
	const char *argv[1];
	char *path = tu_write(dir, name, text);
	pr_error err;
	char m[400];
	int rc;

	o.account = account;
	o.currency = currency;
	argv[0] = name;
	pr_error_clear(&err);
	rc = pr_store_begin(st, &err);
	if (rc == PR_OK && profile != NULL)
		rc = pr_import_bank(st, path, name, profile, &o, &r, &err);
	else if (rc == PR_OK)
		rc = pr_import_statements(st, path, name, &o, &r, &err);
	if (rc == PR_OK)
		rc = pr_store_commit(st, "import", 1, argv, "imported", &err);
	free(path);
	if (rc != PR_OK) {
		pr_store_rollback(st);
		pr_error_format(m, sizeof(m), &err);
		ck_abort_msg("import %s: %d %s", name, rc, m);
	}
	if (res != NULL)
		*res = r;
}

static sqlite3_vfs ro_vfs;
static sqlite3_vfs *ro_base;
static char ro_dir[4096];

static int
ro_under(const char *name)
{
	size_t n = strlen(ro_dir);

	return name != NULL && strncmp(name, ro_dir, n) == 0 &&
	       name[n] == '/';
}

/* As the unix VFS does when open(O_RDWR) fails with EROFS: an existing
 * file is opened read-only, a new one cannot be made. */
static int
ro_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags,
	int *out)
{
	struct stat sb;

	(void)vfs;
	if (ro_under(name) && (flags & SQLITE_OPEN_READWRITE)) {
		if (stat(name, &sb) != 0) {
			f->pMethods = NULL;
			return SQLITE_CANTOPEN;
		}
		flags &= ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			   SQLITE_OPEN_DELETEONCLOSE);
		flags |= SQLITE_OPEN_READONLY;
	}
	return ro_base->xOpen(ro_base, name, f, flags, out);
}

static int
ro_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
	(void)vfs;
	if (ro_under(name))
		return SQLITE_IOERR_DELETE;
	return ro_base->xDelete(ro_base, name, sync);
}

static int
ro_access(sqlite3_vfs *vfs, const char *name, int flags, int *res)
{
	(void)vfs;
	if (ro_under(name) && flags == SQLITE_ACCESS_READWRITE) {
		*res = 0;
		return SQLITE_OK;
	}
	return ro_base->xAccess(ro_base, name, flags, res);
}

void
tu_readonly_media(const char *dir)
{
	if (ro_base != NULL) {
		sqlite3_vfs_unregister(&ro_vfs);
		ro_base = NULL;
	}
	if (dir == NULL)
		return;
	/* SQLite opens files by their full path, symbolic links resolved */
	ck_assert_msg(realpath(dir, ro_dir) != NULL, "realpath %s", dir);
	ro_base = sqlite3_vfs_find(NULL);
	ck_assert_ptr_nonnull(ro_base);
	ro_vfs = *ro_base;
	ro_vfs.zName = "tu-readonly-media";
	ro_vfs.pNext = NULL;
	ro_vfs.xOpen = ro_open;
	ro_vfs.xDelete = ro_delete;
	ro_vfs.xAccess = ro_access;
	ck_assert_int_eq(sqlite3_vfs_register(&ro_vfs, 1), SQLITE_OK);
}

int64_t
tu_sql_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int64_t v = 0;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		ck_abort_msg("%s: %s", sql, sqlite3_errmsg(db));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ck_abort_msg("%s: %s", sql, sqlite3_errmsg(db));
	return v;
}

char *
tu_sql_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	const char *t = NULL;
	char *v;
	size_t n;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		ck_abort_msg("%s: %s", sql, sqlite3_errmsg(db));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		t = (const char *)sqlite3_column_text(s, 0);
	if (t == NULL)
		t = "";
	n = strlen(t);
	v = xmalloc(n + 1);
	memcpy(v, t, n + 1);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		free(v);
		ck_abort_msg("%s: %s", sql, sqlite3_errmsg(db));
	}
	return v;
}

void
tu_sql_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		char m[256];

		snprintf(m, sizeof(m), "%s", msg ? msg : "?");
		sqlite3_free(msg);
		ck_abort_msg("%s: %s", sql, m);
	}
}

void
tu_rng_seed(tu_rng *r, uint64_t seed)
{
	r->state = seed;
}

uint64_t
tu_rng_next(tu_rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t
tu_rng_below(tu_rng *r, uint64_t n)
{
	/* reject the top sliver that would make low values likelier */
	uint64_t limit = UINT64_MAX - UINT64_MAX % n;
	uint64_t v;

	do {
		v = tu_rng_next(r);
	} while (v >= limit);
	return v % n;
}

int64_t
tu_rng_range(tu_rng *r, int64_t lo, int64_t hi)
{
	uint64_t span = (uint64_t)hi - (uint64_t)lo + 1;

	if (span == 0)
		return (int64_t)tu_rng_next(r);
	return (int64_t)((uint64_t)lo + tu_rng_below(r, span));
}

const char *
tu_mpz_str(char *buf, size_t size, const mpz_t v)
{
	int n = gmp_snprintf(buf, size, "%Zd", v);

	if (n >= 0 && (size_t)n >= size && size > 4)
		memcpy(buf + size - 4, "...", 4);
	return buf;
}

void
tu_buf_printf(tu_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		ck_abort_msg("vsnprintf failed");
	if (b->len + (size_t)n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *g;

		while (cap < b->len + (size_t)n + 1)
			cap *= 2;
		g = realloc(b->s, cap);
		if (g == NULL)
			ck_abort_msg("out of memory");
		b->s = g;
		b->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
tu_buf_free(tu_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}
