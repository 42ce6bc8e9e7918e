/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SHA-256 through OpenSSL's EVP interface: evidence hashing (FRE 902(14)). */
#include "config.h"
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <openssl/evp.h>

struct pr_sha256 {
	EVP_MD_CTX *ctx;
};

int
pr_sha256_new(pr_sha256 **out, pr_error *err)
{
	pr_sha256 *h = pr__calloc(1, sizeof(*h));

	*out = NULL;
	if (h == NULL)
		return pr__error_set(err, PR_ENOMEM, "out of memory");
	h->ctx = EVP_MD_CTX_new();
	if (h->ctx == NULL ||
	    EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1) {
		pr_sha256_free(h);
		return pr__error_set(err, PR_ENOMEM, "cannot start SHA-256");
	}
	*out = h;
	return PR_OK;
}

void
pr_sha256_update(pr_sha256 *h, const void *data, size_t n)
{
	EVP_DigestUpdate(h->ctx, data, n);
}

void
pr_sha256_final_hex(pr_sha256 *h, char hex[PR_SHA256_HEX])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	unsigned int i;

	EVP_DigestFinal_ex(h->ctx, md, &n);
	for (i = 0; i < n && i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
	EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL);
}

int
pr_sha256_is_hex(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}

void
pr_sha256_free(pr_sha256 *h)
{
	if (h == NULL)
		return;
	EVP_MD_CTX_free(h->ctx);
	pr__free(h);
}

int
pr_sha256_file(char hex[PR_SHA256_HEX], uint64_t *size_out, const char *path,
	       pr_error *err)
{
	unsigned char buf[65536];
	pr_sha256 *h = NULL;
	uint64_t total = 0;
	FILE *fp;
	size_t n;
	int rc;

	fp = fopen(path, "rb");
	if (fp == NULL)
		return pr__error_sys(err, errno == ENOENT ? PR_ENOTFOUND :
				     PR_EIO, errno, path, NULL);
	rc = pr_sha256_new(&h, err);
	if (rc != PR_OK)
		goto done;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
		pr_sha256_update(h, buf, n);
		total += n;
	}
	if (ferror(fp)) {
		rc = pr__error_sys(err, PR_EIO, errno, path, "read");
		goto done;
	}
	pr_sha256_final_hex(h, hex);
	if (size_out != NULL)
		*size_out = total;
done:
	pr_sha256_free(h);
	fclose(fp);
	return rc;
}
