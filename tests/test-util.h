/* test-util.h — helpers shared by the tests
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Contents of tests/data/@name (aborts the test when missing). */
char       *test_load_fixture          (const char  *name,
                                        gsize       *out_len);
/* The fixture re-serialised on one line (SSE data payload). */
char       *test_load_fixture_compact  (const char  *name);

/* Iterate the default main context until *@flag is TRUE or @timeout_ms passes;
 * fails the test on timeout. */
void        test_wait_for_flag         (gboolean    *flag,
                                        guint        timeout_ms);
/* Iterate until @predicate (@data) is TRUE. */
void        test_wait_until            (gboolean   (*predicate) (gpointer data),
                                        gpointer     data,
                                        guint        timeout_ms);
/* Iterate for @ms milliseconds. */
void        test_iterate_for           (guint        ms);

/* Whether @needle occurs in @data; binary-safe (NUL bytes do not end the search). */
gboolean    test_contains              (const char  *data,
                                        gsize        len,
                                        const char  *needle);
/* Server text that tries to drive a terminal: ESC [ (CSI), the one-byte CSI U+009B, RIGHT-TO-LEFT
 * OVERRIDE, RIGHT-TO-LEFT MARK, ARABIC LETTER MARK, RIGHT-TO-LEFT ISOLATE and DEL between words
 * that must still be shown; no spaces, so that it is also a header value libsoup takes as a
 * Content-Type. As raw bytes, inside a JSON string, and as librumble quotes it in an error
 * (every control a space). */
#define TEST_HOSTILE_TEXT  "red\033[31mred\302\2332Jcsi\342\200\256rlo\342\200\217rlm" \
                           "\330\234alm\342\201\247rli\177del"
#define TEST_HOSTILE_JSON  "red\\u001b[31mred\\u009b2Jcsi\\u202erlo\\u200frlm\\u061calm" \
                           "\\u2067rli\\u007fdel"
#define TEST_HOSTILE_SHOWN "red [31mred 2Jcsi rlo rlm alm rli del"

/* Asserts that @text (what a program wrote to a terminal) is valid UTF-8 without anything
 * that drives a terminal or reorders text: no C0 control but the line break, no DEL, no C1
 * (CSI included), no bidi control (U+061C, U+200E/F, U+202A–E, U+2066–9). @what names it. */
void        test_assert_terminal_safe  (const char  *what,
                                        const char  *text);
/* Calls @func with the path of every regular file up to 64 MiB under @dir, without
 * following symbolic links and leaving out @skip and what is below it. Returns how many. */
guint       test_for_each_file         (const char  *dir,
                                        const char  *skip,
                                        void       (*func) (const char *path,
                                                            gpointer    data),
                                        gpointer     data);

/* Records every items-changed of @model as "pos-removed+added" strings. */
typedef struct _TestChanges TestChanges;
TestChanges *test_changes_new          (GListModel  *model);
/* Comma-joined record, e.g. "0-0+2,2-0+1", then cleared. */
char        *test_changes_take         (TestChanges *self);
void         test_changes_clear        (TestChanges *self);
void         test_changes_free         (TestChanges *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestChanges, test_changes_free)

G_END_DECLS
