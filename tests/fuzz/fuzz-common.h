/* fuzz-common.h — what every libFuzzer harness of librumble shares
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

G_BEGIN_DECLS

/* libFuzzer's entry points (prototypes for -Wmissing-prototypes). */
int  LLVMFuzzerInitialize   (int            *argc,
                             char         ***argv);
int  LLVMFuzzerTestOneInput (const uint8_t  *data,
                             size_t          size);

/* Installs the log writer: a critical (or error) from any domain aborts, so that libFuzzer
 * reports it as a crash; warnings, messages and debug output from hostile input are
 * expected and dropped (printed when FUZZ_VERBOSE is set). Call once, first. */
void fuzz_init              (void);

/* Reads a little-endian integer of @n_bytes from the front of the input and advances it
 * (0 when the input is too short). */
guint64 fuzz_take_uint      (const uint8_t **data,
                             size_t         *size,
                             guint           n_bytes);

/* A NUL-terminated copy of @data (which may itself contain NULs). */
char   *fuzz_dup_string     (const uint8_t  *data,
                             size_t          size) G_GNUC_WARN_UNUSED_RESULT;

/* Whether every string of the object's properties is valid UTF-8 (NULL is fine). */
gboolean fuzz_object_strings_valid (gpointer object);

G_END_DECLS
