/* moderato-cli-actions.h — moderato-cli's account and moderation commands
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * login, logout, whoami, send, delete, pin, unpin, mute, unmute, command, raid-confirm.
 * They use the session stored in the keyring for the site (see RumbleSessionStore); with
 * --demo they run against an in-process fake server as its "demo" account.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the global options chose. NULL URLs mean Rumble's defaults. */
typedef struct {
  const char *site_url;
  const char *chat_url;
  gboolean    demo;
} MoCliContext;

/* One entry per command: @argv[0] is the command name; returns the exit status
 * (0 success, 1 failure, 2 usage error). */
typedef int (*MoCliActionFunc) (MoCliContext *ctx,
                                int           argc,
                                char        **argv);

typedef struct {
  const char      *name;
  MoCliActionFunc  func;
  const char      *summary;   /* untranslated; N_() marked */
} MoCliAction;

/* The commands, terminated by an entry with a NULL name. */
extern const MoCliAction moderato_cli_actions[];

int      moderato_cli_login          (MoCliContext *ctx, int argc, char **argv);
int      moderato_cli_logout         (MoCliContext *ctx, int argc, char **argv);
int      moderato_cli_whoami         (MoCliContext *ctx, int argc, char **argv);
int      moderato_cli_send           (MoCliContext *ctx, int argc, char **argv);
int      moderato_cli_delete         (MoCliContext *ctx, int argc, char **argv);
int      moderato_cli_pin            (MoCliContext *ctx, int argc, char **argv);
int      moderato_cli_unpin          (MoCliContext *ctx, int argc, char **argv);
int      moderato_cli_mute           (MoCliContext *ctx, int argc, char **argv);
int      moderato_cli_unmute         (MoCliContext *ctx, int argc, char **argv);
int      moderato_cli_command        (MoCliContext *ctx, int argc, char **argv);
int      moderato_cli_raid_confirm   (MoCliContext *ctx, int argc, char **argv);

/* Appends "  NAME  summary\n" lines for the --help text. */
void     moderato_cli_actions_describe (GString     *out);

/* Runs @command if it is one of these; FALSE (and *@out_status untouched) otherwise. */
gboolean moderato_cli_actions_run    (const char  *command,
                                      const char  *site_url,
                                      const char  *chat_url,
                                      gboolean     demo,
                                      int          argc,
                                      char       **argv,
                                      int         *out_status);

G_END_DECLS
