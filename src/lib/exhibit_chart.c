/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The flow-of-funds chart: DOT text from the trace, and the SVG made by
 * running Graphviz dot as a program (its EPL licence forbids linking). */
#include "config.h"
#include "common.h"
#include "exhibit.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#ifndef PR_DOT_PATH
#define PR_DOT_PATH ""
#endif

/* A DOT double-quoted string: backslash and quote escaped. */
static void
dot_str(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', fp);
		if (*s == '\n')
			fputs("\\n", fp);
		else
			fputc(*s, fp);
	}
	fputc('"', fp);
}

static int
victim_any(const pr_trace *t, size_t k)
{
	size_t i;

	for (i = 0; i < pr_trace_holder_count(t); i++)
		if (!pr_trace_held_zero(t, i, k))
			return 1;
	for (i = 0; i < pr_trace_sink_count(t); i++)
		if (!pr_trace_sunk_zero(t, i, k))
			return 1;
	return 0;
}

static int
holder_victim(const pr_trace *t, size_t i)
{
	size_t k;

	for (k = 2; k < pr_trace_origin_count(t); k++)
		if (!pr_trace_held_zero(t, i, k))
			return 1;
	return 0;
}

/* Holders with victim money, sorted by name (then index). */
static const pr_trace *sort_t;

static int
holder_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(pr_trace_holder(sort_t, x), pr_trace_holder(sort_t, y));

	return c ? c : (x < y ? -1 : x > y);
}

/* The currencies in which any victim's money left the case, each once,
 * in the order of the sinks; returns the count. */
static size_t
sink_currencies(const pr_trace *t, const char **out, size_t max)
{
	size_t i, j, k, n = 0;

	for (i = 0; i < pr_trace_sink_count(t); i++) {
		const char *cur = pr_trace_sink_currency(t, i);

		for (k = 2; k < pr_trace_origin_count(t); k++)
			if (!pr_trace_sunk_zero(t, i, k))
				break;
		if (k >= pr_trace_origin_count(t))
			continue;
		for (j = 0; j < n && strcmp(out[j], cur) != 0; j++)
			;
		if (j == n && n < max)
			out[n++] = cur;
	}
	return n;
}

/* Per currency, what the arrows left out of the chart carry. */
struct rest {
	const char *cur;  /* borrowed from the trace */
	unsigned minor;
	mpz_t sum;
};

/* Add the held amount text a (minor digits) in cur to rests; -1 when
 * out of memory or more than max currencies. */
static int
rest_add(struct rest *rs, size_t *n, size_t max, const char *cur,
	 unsigned minor, const char *a, int sign)
{
	size_t i;
	mpz_t u;

	for (i = 0; i < *n && strcmp(rs[i].cur, cur) != 0; i++)
		;
	if (i == *n) {
		if (*n == max)
			return -1;
		rs[i].cur = cur;
		rs[i].minor = minor;
		mpz_init(rs[i].sum);
		(*n)++;
	}
	mpz_init(u);
	if (pr_money_parse(u, a, strlen(a), rs[i].minor, NULL, NULL) ==
	    PR_OK) {
		if (sign > 0)
			mpz_add(rs[i].sum, rs[i].sum, u);
		else
			mpz_sub(rs[i].sum, rs[i].sum, u);
	}
	mpz_clear(u);
	return 0;
}

/* n with a comma between thousands */
static void
count_text(char *buf, size_t size, size_t n)
{
	char d[32];
	int len = snprintf(d, sizeof(d), "%zu", n), i;
	size_t o = 0;

	for (i = 0; i < len && o + 2 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = d[i];
	}
	buf[o] = '\0';
}

/*
 * Which victim-to-holder arrows the chart draws: every one when there
 * are at most PR__CHART_EDGES (*all set), else the PR__CHART_EDGES
 * largest by amount (exact, as decimal text; ties to the earlier arrow
 * in the chart's order: victims in order, holders by name), into
 * *picks sorted in that order, with what the others total per currency
 * in rs. Arrows are numbered k * nhs + j.
 */
static int
pick_edges(const pr_trace *t, const size_t *hs, size_t nhs,
	   struct pr__picks *picks, int *all, struct rest *rs, size_t *nrs,
	   size_t maxrs, size_t *count)
{
	size_t no = pr_trace_origin_count(t), k, j, n = 0, p = 0;
	char a[128];

	*all = 1;
	*count = 0;
	for (k = 2; k < no; k++)
		for (j = 0; j < nhs; j++)
			if (!pr_trace_held_zero(t, hs[j], k))
				n++;
	*count = n;
	if (n <= PR__CHART_EDGES)
		return 0;
	*all = 0;
	picks->max = PR__CHART_EDGES;
	for (k = 2; k < no; k++)
		for (j = 0; j < nhs; j++) {
			if (pr_trace_held_zero(t, hs[j], k))
				continue;
			pr_trace_held(t, hs[j], k, a, sizeof(a));
			if (pr__picks_offer(picks, a, (k - 2) * nhs + j) != 0 ||
			    rest_add(rs, nrs, maxrs,
				     pr_trace_holder_currency(t, hs[j]),
				     pr_trace_holder_minor(t, hs[j]), a,
				     1) != 0)
				return -1;
		}
	pr__picks_sort(picks);
	for (p = 0; p < picks->n; p++) {
		k = picks->v[p].idx / nhs + 2;
		j = picks->v[p].idx % nhs;
		pr_trace_held(t, hs[j], k, a, sizeof(a));
		if (rest_add(rs, nrs, maxrs,
			     pr_trace_holder_currency(t, hs[j]),
			     pr_trace_holder_minor(t, hs[j]), a, -1) != 0)
			return -1;
	}
	return 0;
}

/*
 * The chart: each victim (by pseudonym) on the left; on the right every
 * account, address and asset holding victim money at the end of the
 * trace, and, per currency, one node for the money that left the case
 * (spent, withdrawn, paid out, fees). An edge carries the exact amount
 * of that victim's money there. Victims in the trace's order (V-1, V-2,
 * ...), holders sorted by name; node ids are numbers given in that
 * order, so the text depends only on the trace. A large case (more
 * than PR__CHART_EDGES victim-to-holder arrows, which dot would take
 * minutes to lay out) shows the largest arrows and their holders, and
 * a note with how many arrows are left out and what they carry: every
 * one is in trace.csv.
 */
int
pr__exhibit_dot(struct pr__xctx *c, FILE *fp, pr_error *err)
{
	const pr_trace *t = c->t;
	size_t nh = pr_trace_holder_count(t), ns = pr_trace_sink_count(t);
	size_t no = pr_trace_origin_count(t), *hs = NULL, nhs = 0, i, k, j;
	size_t *hnum = NULL, nshown = 0, count = 0, p = 0, nrs = 0;
	struct pr__picks picks = { NULL, 0, 0, 0 };
	struct rest rs[32];
	const char *curs[32];
	size_t ncur = sink_currencies(t, curs, 32);
	char a[128], label[256];
	mpz_t sum, u;
	int all = 1, rc = PR_OK;

	hs = pr__calloc(nh + 1, sizeof(*hs));
	hnum = pr__calloc(nh + 1, sizeof(*hnum));
	if (hs == NULL || hnum == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < nh; i++)
		if (holder_victim(t, i))
			hs[nhs++] = i;
	sort_t = t;
	qsort(hs, nhs, sizeof(*hs), holder_cmp);
	if (pick_edges(t, hs, nhs, &picks, &all, rs, &nrs, 32, &count) !=
	    0) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto done;
	}
	/* the holders drawn, numbered in their order: hnum[j], 0 if not */
	for (j = 0; all && j < nhs; j++)
		hnum[j] = j + 1;
	for (p = 0; !all && p < picks.n; p++)
		hnum[picks.v[p].idx % nhs] = 1;
	for (j = 0; !all && j < nhs; j++)
		if (hnum[j] != 0)
			hnum[j] = ++nshown;
	fprintf(fp, "digraph flow_of_funds {\n"
		"\tgraph [rankdir=LR, ranksep=1.6, nodesep=0.25, "
		"fontname=\"Helvetica\", fontsize=12, labelloc=t,\n\t\t"
		"label=\"Flow of funds: each victim's money and where it is "
		"(method %s)\"];\n"
		"\tnode [shape=box, style=rounded, fontname=\"Helvetica\", "
		"fontsize=10];\n"
		"\tedge [fontname=\"Helvetica\", fontsize=9];\n",
		pr_trace_method_name(c->o->trace.method));
	/* nodes: v<k> victims, h<n> holders, d<n> dissipation */
	for (k = 2; k < no; k++)
		if (victim_any(t, k)) {
			fprintf(fp, "\tv%zu [shape=ellipse, style=solid, "
				"label=", k - 1);
			dot_str(fp, pr_trace_origin(t, k));
			fputs("];\n", fp);
		}
	for (j = 0; j < nhs; j++) {
		if (hnum[j] == 0)
			continue;
		fprintf(fp, "\th%zu [label=", hnum[j]);
		dot_str(fp, pr_trace_holder(t, hs[j]));
		fputs("];\n", fp);
	}
	for (j = 0; j < ncur; j++) {
		snprintf(label, sizeof(label), "left the case (%s):\nspent, "
			 "withdrawn, paid out, fees", curs[j]);
		fprintf(fp, "\td%zu [style=dashed, label=", j + 1);
		dot_str(fp, label);
		fputs("];\n", fp);
	}
	if (!all) {
		char n1[32], n2[32], more[512];
		size_t o;

		count_text(n1, sizeof(n1), count - picks.n);
		count_text(n2, sizeof(n2), picks.n);
		o = (size_t)snprintf(more, sizeof(more), "and %s smaller "
				     "holdings of victims' money (the %s "
				     "largest are drawn)", n1, n2);
		for (i = 0; i < nrs && o < sizeof(more); i++) {
			pr_money_format(a, sizeof(a), rs[i].sum, rs[i].minor,
					PR_FMT_PLAIN);
			o += (size_t)snprintf(more + o, sizeof(more) - o,
					      "%s%s %s", i ? " and " :
					      ",\ntotalling ", a, rs[i].cur);
		}
		if (o < sizeof(more))
			snprintf(more + o, sizeof(more) - o, ":\nevery one "
				 "is in trace.csv");
		fputs("\trest [shape=note, style=solid, label=", fp);
		dot_str(fp, more);
		fputs("];\n", fp);
	}
	mpz_init(sum);
	mpz_init(u);
	p = 0;
	for (k = 2; k < no; k++) {
		for (j = 0; j < nhs; j++) {
			if (pr_trace_held_zero(t, hs[j], k))
				continue;
			if (!all) {
				if (p >= picks.n ||
				    picks.v[p].idx != (k - 2) * nhs + j)
					continue;
				p++;
			}
			snprintf(label, sizeof(label), "%s %s",
				 pr_trace_held(t, hs[j], k, a, sizeof(a)),
				 pr_trace_holder_currency(t, hs[j]));
			fprintf(fp, "\tv%zu -> h%zu [label=", k - 1, hnum[j]);
			dot_str(fp, label);
			fputs("];\n", fp);
		}
		for (j = 0; j < ncur; j++) {
			unsigned minor = 0;
			int any = 0;

			mpz_set_ui(sum, 0);
			for (i = 0; i < ns; i++) {
				if (strcmp(pr_trace_sink_currency(t, i),
					   curs[j]) != 0 ||
				    pr_trace_sunk_zero(t, i, k))
					continue;
				minor = pr_trace_sink_minor(t, i);
				pr_trace_sunk(t, i, k, a, sizeof(a));
				if (pr_money_parse(u, a, strlen(a), minor, NULL,
						   NULL) == PR_OK)
					mpz_add(sum, sum, u);
				any = 1;
			}
			if (!any)
				continue;
			pr_money_format(a, sizeof(a), sum, minor,
					PR_FMT_PLAIN);
			snprintf(label, sizeof(label), "%s %s", a, curs[j]);
			fprintf(fp, "\tv%zu -> d%zu [style=dashed, label=",
				k - 1, j + 1);
			dot_str(fp, label);
			fputs("];\n", fp);
		}
	}
	mpz_clear(sum);
	mpz_clear(u);
	fputs("}\n", fp);
done:
	for (i = 0; i < nrs; i++)
		mpz_clear(rs[i].sum);
	pr__picks_clear(&picks);
	pr__free(hs);
	pr__free(hnum);
	return rc;
}

/* ---- running dot ---- */

#define MAX_SVG ((size_t)256 << 20)

/* The child's environment: ours without the locale settings, plus
 * LC_ALL=C, so dot writes numbers the same way on every machine. The
 * strings are borrowed from environ. */
static char **
child_env(void)
{
	static char c_locale[] = "LC_ALL=C";
	size_t n = 0, i, o = 0;
	char **env;

	while (environ != NULL && environ[n] != NULL)
		n++;
	env = pr__calloc(n + 2, sizeof(char *));
	if (env == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (strncmp(environ[i], "LC_", 3) == 0 ||
		    strncmp(environ[i], "LANG=", 5) == 0 ||
		    strncmp(environ[i], "LANGUAGE=", 9) == 0)
			continue;
		env[o++] = environ[i];
	}
	env[o++] = c_locale;
	env[o] = NULL;
	return env;
}

struct sink {
	char *buf;
	size_t n, cap;
};

/* Read what is there from fd into s; 1 at end of file, 0 to go on, -1
 * on an error or when s would pass MAX_SVG. */
static int
drain(int fd, struct sink *s)
{
	ssize_t got;

	if (pr__grow((void **)&s->buf, &s->cap, s->n + 65536 + 1, 1) != 0)
		return -1;
	got = read(fd, s->buf + s->n, 65536);
	if (got < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -1;
	if (got == 0)
		return 1;
	s->n += (size_t)got;
	s->buf[s->n] = '\0';
	return s->n > MAX_SVG ? -1 : 0;
}

/*
 * Run dot -Tsvg with the DOT text on its standard input and collect its
 * standard output and error. Standard input is a socket so that writing
 * to a dot that died early fails with EPIPE (MSG_NOSIGNAL) instead of
 * raising SIGPIPE in the host program. The three streams are served by
 * poll, so neither side can block the other however large the chart.
 */
static int
run_dot(const char *prog, const unsigned char *in, size_t n_in,
	struct sink *out, struct sink *errs, pr_error *err)
{
	char *argv[] = { (char *)"dot", (char *)"-Tsvg", NULL };
	posix_spawn_file_actions_t fa;
	int sin[2] = { -1, -1 }, sout[2] = { -1, -1 }, serr[2] = { -1, -1 };
	char **env = NULL;
	size_t done = 0;
	pid_t pid;
	int rc = PR_OK, status, e, open_out = 1, open_err = 1;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sin) != 0 ||
	    pipe(sout) != 0 || pipe(serr) != 0) {
		rc = pr__error_sys(err, PR_EIO, errno, "dot", "pipe");
		goto close_all;
	}
	env = child_env();
	if (env == NULL) {
		rc = pr__error_set(err, PR_ENOMEM, "out of memory");
		goto close_all;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, sin[1], 0);
	posix_spawn_file_actions_adddup2(&fa, sout[1], 1);
	posix_spawn_file_actions_adddup2(&fa, serr[1], 2);
	posix_spawn_file_actions_addclose(&fa, sin[0]);
	posix_spawn_file_actions_addclose(&fa, sin[1]);
	posix_spawn_file_actions_addclose(&fa, sout[0]);
	posix_spawn_file_actions_addclose(&fa, sout[1]);
	posix_spawn_file_actions_addclose(&fa, serr[0]);
	posix_spawn_file_actions_addclose(&fa, serr[1]);
	if (*prog)
		e = posix_spawn(&pid, prog, &fa, NULL, argv, env);
	else
		e = posix_spawnp(&pid, "dot", &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	pr__free(env);
	if (e != 0) {
		rc = pr__error_set(err, PR_ENOTFOUND, "cannot run Graphviz "
				   "'%s': %s (install the Debian package "
				   "graphviz)", *prog ? prog : "dot",
				   strerror(e));
		goto close_all;
	}
	close(sin[1]);
	close(sout[1]);
	close(serr[1]);
	sin[1] = sout[1] = serr[1] = -1;
	fcntl(sin[0], F_SETFL, fcntl(sin[0], F_GETFL) | O_NONBLOCK);
	if (n_in == 0) {
		close(sin[0]);
		sin[0] = -1;
	}
	while (rc == PR_OK && (sin[0] >= 0 || open_out || open_err)) {
		struct pollfd p[3];
		int r;

		p[0].fd = sin[0];
		p[0].events = POLLOUT;
		p[1].fd = open_out ? sout[0] : -1;
		p[1].events = POLLIN;
		p[2].fd = open_err ? serr[0] : -1;
		p[2].events = POLLIN;
		p[0].revents = p[1].revents = p[2].revents = 0;
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			rc = pr__error_sys(err, PR_EIO, errno, "dot", "poll");
			break;
		}
		if (sin[0] >= 0 && p[0].revents) {
			ssize_t w = send(sin[0], in + done, n_in - done,
					 MSG_NOSIGNAL);

			if (w > 0)
				done += (size_t)w;
			if ((w < 0 && errno != EAGAIN && errno != EINTR) ||
			    done == n_in) {
				close(sin[0]);
				sin[0] = -1;
			}
		}
		if (open_out && p[1].revents) {
			r = drain(sout[0], out);
			if (r < 0)
				rc = pr__error_set(err, PR_EIO, "reading "
						   "dot's output failed");
			open_out = r == 0;
		}
		if (open_err && p[2].revents) {
			r = drain(serr[0], errs);
			open_err = r == 0;
		}
	}
	/* closed first, so a dot still writing cannot block the wait */
	for (e = 0; e < 2; e++) {
		if (sin[e] >= 0)
			close(sin[e]);
		if (sout[e] >= 0)
			close(sout[e]);
		if (serr[e] >= 0)
			close(serr[e]);
		sin[e] = sout[e] = serr[e] = -1;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rc == PR_OK && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
		rc = pr__error_set(err, PR_ERROR, "Graphviz dot failed "
				   "(status %d): %.160s", WIFEXITED(status) ?
				   WEXITSTATUS(status) : -1,
				   errs->buf ? errs->buf : "");
close_all:
	for (e = 0; e < 2; e++) {
		if (sin[e] >= 0)
			close(sin[e]);
		if (sout[e] >= 0)
			close(sout[e]);
		if (serr[e] >= 0)
			close(serr[e]);
	}
	return rc;
}

/*
 * The SVG of the chart, exactly as dot writes it. dot's SVG depends only
 * on its input and its own version (which it names in a comment, kept,
 * and copied into the manifest): no date, host or path. The version is
 * also what makes the bytes of the chart differ between machines with
 * different Graphviz releases.
 */
int
pr__exhibit_svg(struct pr__xctx *c, FILE *fp, pr_error *err)
{
	static const char tag[] = "Generated by graphviz version ";
	FILE *dfp = pr__exhibit_open(c, "flow-of-funds.dot");
	struct sink out = { NULL, 0, 0 }, errs = { NULL, 0, 0 };
	struct sink dot = { NULL, 0, 0 };
	const char *prog = c->o->dot ? c->o->dot : PR_DOT_PATH;
	const char *v;
	size_t i;
	int rc = PR_OK, r;

	if (dfp == NULL)
		return pr__error_set(err, PR_EINVALID, "no DOT to draw");
	/* the DOT is small (at most PR__CHART_EDGES arrows): read whole */
	do {
		size_t got;

		r = pr__grow((void **)&dot.buf, &dot.cap, dot.n + 65536 + 1,
			     1) != 0 ? -1 : 0;
		if (r < 0)
			break;
		got = fread(dot.buf + dot.n, 1, 65536, dfp);
		dot.n += got;
		dot.buf[dot.n] = '\0';
		if (got == 0)
			r = ferror(dfp) ? -1 : 1;
		else if (dot.n > MAX_SVG)
			r = -1;
	} while (r == 0);
	fclose(dfp);
	if (r < 0)
		rc = pr__error_set(err, PR_EIO, "cannot read the DOT");
	if (rc == PR_OK)
		rc = run_dot(prog, (const unsigned char *)dot.buf, dot.n,
			     &out, &errs, err);
	pr__free(dot.buf);
	if (rc == PR_OK && (out.buf == NULL || strstr(out.buf, "<svg") ==
			    NULL))
		rc = pr__error_set(err, PR_ERROR, "Graphviz dot wrote no "
				   "SVG");
	if (rc == PR_OK) {
		v = strstr(out.buf, tag);
		if (v != NULL) {
			v += sizeof(tag) - 1;
			for (i = 0; i + 1 < sizeof(c->graphviz) && v[i] &&
			     v[i] != ' ' && v[i] != '\n'; i++)
				c->graphviz[i] = v[i];
			c->graphviz[i] = '\0';
		}
		fwrite(out.buf, 1, out.n, fp);
	}
	pr__free(out.buf);
	pr__free(errs.buf);
	return rc;
}
