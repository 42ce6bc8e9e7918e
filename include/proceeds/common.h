/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by every module: export macro, result codes, error and location. */
#ifndef PROCEEDS_COMMON_H
#define PROCEEDS_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define PR_EXTERN __attribute__((visibility("default")))
#else
#define PR_EXTERN
#endif

/** Result codes: PR_OK or a negative value. */
enum {
	PR_OK = 0,
	PR_ERROR = -1,     /**< anything not listed below */
	PR_ENOTFOUND = -2, /**< no such file, case, profile or record */
	PR_EEXISTS = -3,   /**< already there (case file, document hash) */
	PR_EPARSE = -4,    /**< malformed input; err->loc says where */
	PR_EINVALID = -5,  /**< bad argument or state */
	PR_ECURRENCY = -6, /**< unknown or mixed currency */
	PR_EVERSION = -7,  /**< case written by a newer version */
	PR_EBUSY = -8,     /**< case locked by another process */
	PR_EDB = -9,       /**< SQLite failure; err->sys_code has its code */
	PR_EIO = -10,      /**< read or write failure; err->sys_code is errno */
	PR_ENOMEM = -11    /**< out of memory */
};

/** A position in an input. Lines and columns are 1-based, columns count
 *  bytes; 0 means unknown. record and field are 1-based for tables. */
typedef struct pr_loc {
	char path[512];
	unsigned long line;
	unsigned long column;
	unsigned long record;
	unsigned long field;
} pr_loc;

/** Caller-owned error detail: fixed size, no heap, so reporting cannot
 *  itself fail. Always the last parameter; NULL means "no details". */
typedef struct pr_error {
	int code;
	int sys_code;
	pr_loc loc;
	char msg[256];
} pr_error;

/** Reset @p err to "no error". */
PR_EXTERN void pr_error_clear(pr_error *err);

/**
 * Render @p err as "path:line:column: message" (GNU style), leaving out
 * the parts that are unknown. Returns the length it needed, like snprintf.
 */
PR_EXTERN size_t pr_error_format(char *buf, size_t size, const pr_error *err);

/** A short English name for a result code ("parse error"). Static. */
PR_EXTERN const char *pr_strerror(int code);

/** The engine version, e.g. "0.1.0". Static. */
PR_EXTERN const char *pr_version(void);

#endif
