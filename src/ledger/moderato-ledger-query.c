/* moderato-ledger-query.c — search, user summaries, the moderation log, stream reports
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each query is parsed on the caller's thread (so a bad query fails at once), then runs on
 * the worker, which owns the connection, and completes its GTask on the caller's context.
 */
#define G_LOG_DOMAIN "moderato-ledger"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rumble-id.h"

#include "moderato-ledger-private.h"

#define DEFAULT_LIMIT   100
#define MAX_MUTES       50

/* The columns read_message() expects, in order. */
#define MESSAGE_COLUMNS \
  "m.id, m.stream_id, m.time, m.user_id, u.name, m.channel_id, c.name, m.text, m.rant_cents," \
  " m.badges, m.deleted_at, m.deleted_by"
#define MESSAGE_JOINS \
  " LEFT JOIN users u ON u.id = m.user_id LEFT JOIN channels c ON c.id = m.channel_id"

#define ENTRY_COLUMNS \
  "a.id, a.time, a.account, a.stream_id, a.action, a.message_id, a.user_id," \
  " coalesce (a.user_name, u.name), a.duration, a.scope, a.text, a.outcome, a.reason," \
  " a.outcome_time"

static const char * const action_nicks[] = {
  [MODERATO_LEDGER_ACTION_DELETE] = "delete",
  [MODERATO_LEDGER_ACTION_PIN] = "pin",
  [MODERATO_LEDGER_ACTION_UNPIN] = "unpin",
  [MODERATO_LEDGER_ACTION_MUTE] = "mute",
  [MODERATO_LEDGER_ACTION_UNMUTE] = "unmute",
  [MODERATO_LEDGER_ACTION_SEND] = "send",
  [MODERATO_LEDGER_ACTION_COMMAND] = "command",
  [MODERATO_LEDGER_ACTION_RAID_CONFIRM] = "raid-confirm",
};

static const char * const outcome_nicks[] = {
  [MODERATO_LEDGER_OUTCOME_PENDING] = "pending",
  [MODERATO_LEDGER_OUTCOME_DONE] = "done",
  [MODERATO_LEDGER_OUTCOME_REFUSED] = "refused",
  [MODERATO_LEDGER_OUTCOME_AMBIGUOUS] = "ambiguous",
  [MODERATO_LEDGER_OUTCOME_SEEN] = "seen",
};

const char *
moderato_ledger_action_to_string (ModeratoLedgerAction action)
{
  g_return_val_if_fail ((guint) action < G_N_ELEMENTS (action_nicks), NULL);
  return action_nicks[action];
}

gboolean
moderato_ledger_action_from_string (const char           *nick,
                                    ModeratoLedgerAction *out_action)
{
  for (guint i = 0; nick != NULL && i < G_N_ELEMENTS (action_nicks); i++)
    if (g_str_equal (nick, action_nicks[i]))
      {
        *out_action = i;
        return TRUE;
      }
  return FALSE;
}

const char *
moderato_ledger_outcome_to_string (ModeratoLedgerOutcome outcome)
{
  g_return_val_if_fail ((guint) outcome < G_N_ELEMENTS (outcome_nicks), NULL);
  return outcome_nicks[outcome];
}

static ModeratoLedgerOutcome
outcome_from_string (const char *nick)
{
  for (guint i = 0; nick != NULL && i < G_N_ELEMENTS (outcome_nicks); i++)
    if (g_str_equal (nick, outcome_nicks[i]))
      return i;
  return MODERATO_LEDGER_OUTCOME_PENDING;
}

/* ---- Results ------------------------------------------------------------------------ */

void
moderato_ledger_message_free (ModeratoLedgerMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->id);
  g_free (message->stream_id);
  g_free (message->user_id);
  g_free (message->user_name);
  g_free (message->channel_id);
  g_free (message->channel_name);
  g_free (message->text);
  g_strfreev (message->badges);
  g_free (message->deleted_by);
  g_free (message);
}

void
moderato_ledger_entry_free (ModeratoLedgerEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->account);
  g_free (entry->stream_id);
  g_free (entry->message_id);
  g_free (entry->user_id);
  g_free (entry->user_name);
  g_free (entry->scope);
  g_free (entry->text);
  g_free (entry->reason);
  g_free (entry);
}

void
moderato_ledger_user_summary_free (ModeratoLedgerUserSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->user_id);
  g_free (summary->name);
  g_strfreev (summary->streams);
  g_clear_pointer (&summary->mutes, g_ptr_array_unref);
  g_free (summary->note);
  g_clear_pointer (&summary->last_messages, g_ptr_array_unref);
  g_free (summary);
}

void
moderato_ledger_report_free (ModeratoLedgerReport *report)
{
  if (report == NULL)
    return;
  g_free (report->stream_id);
  g_free (report->title);
  g_free (report);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static ModeratoLedgerMessage *
read_message (sqlite3_stmt *stmt)
{
  ModeratoLedgerMessage *message = g_new0 (ModeratoLedgerMessage, 1);
  const char *badges = (const char *) sqlite3_column_text (stmt, 9);

  message->id = ledger_id_to_string (stmt, 0);
  message->stream_id = ledger_id_to_string (stmt, 1);
  message->time = sqlite3_column_int64 (stmt, 2);
  message->user_id = ledger_id_to_string (stmt, 3);
  message->user_name = column_text (stmt, 4);
  message->channel_id = ledger_id_to_string (stmt, 5);
  message->channel_name = column_text (stmt, 6);
  message->text = column_text (stmt, 7);
  message->rant_cents = (guint) sqlite3_column_int64 (stmt, 8);
  message->badges = badges != NULL && *badges != '\0' ? g_strsplit (badges, ",", -1)
                                                      : g_new0 (char *, 1);
  message->deleted_at = sqlite3_column_int64 (stmt, 10);
  message->deleted_by = column_text (stmt, 11);
  return message;
}

static ModeratoLedgerEntry *
read_entry (sqlite3_stmt *stmt)
{
  ModeratoLedgerEntry *entry = g_new0 (ModeratoLedgerEntry, 1);
  ModeratoLedgerAction action = MODERATO_LEDGER_ACTION_DELETE;

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->time = sqlite3_column_int64 (stmt, 1);
  entry->account = column_text (stmt, 2);
  entry->stream_id = ledger_id_to_string (stmt, 3);
  moderato_ledger_action_from_string ((const char *) sqlite3_column_text (stmt, 4), &action);
  entry->action = action;
  entry->message_id = ledger_id_to_string (stmt, 5);
  entry->user_id = ledger_id_to_string (stmt, 6);
  entry->user_name = column_text (stmt, 7);
  entry->duration_s = (guint) sqlite3_column_int64 (stmt, 8);
  entry->scope = column_text (stmt, 9);
  entry->text = column_text (stmt, 10);
  entry->outcome = outcome_from_string ((const char *) sqlite3_column_text (stmt, 11));
  entry->reason = column_text (stmt, 12);
  entry->outcome_time = sqlite3_column_int64 (stmt, 13);
  return entry;
}

/* Steps @stmt to the end, adding each row read by @read to @rows. */
static gboolean
collect_rows (LedgerStore   *store,
              sqlite3_stmt  *stmt,
              gpointer     (*read) (sqlite3_stmt *stmt),
              GPtrArray     *rows,
              GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read (stmt));
  if (rc != SQLITE_DONE)
    {
      ledger_set_sqlite_error (error, ledger_store_get_db (store), rc, "query");
      return FALSE;
    }
  return TRUE;
}

/* ---- Queueing a query --------------------------------------------------------------- */

static void
push_query (ModeratoLedger  *self,
            LedgerQueryFunc  func,
            gpointer         data,
            GDestroyNotify   data_free,
            GTask           *task)
{
  LedgerJob *job = ledger_job_new (JOB_QUERY);

  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->task = task;
  ledger_store_push (moderato_ledger_get_store (self), job);
}

static gboolean
bind_id_or_null (sqlite3_stmt *stmt,
                 int           index,
                 const char   *text)
{
  gint64 id;

  if (text == NULL || !rumble_id_parse_any (text, (guint64 *) &id))
    {
      sqlite3_bind_null (stmt, index);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, index, id);
  return TRUE;
}

/* ---- Search ------------------------------------------------------------------------- */

typedef struct {
  GString    *where;      /* " AND …" conditions */
  GPtrArray  *binds;      /* BindValue, in order of the ?s */
  GPtrArray  *terms;      /* FTS5 phrases that must match */
  GPtrArray  *excluded;   /* FTS5 phrases that must not */
  guint       limit;
} SearchQuery;

typedef struct {
  gboolean  is_int;
  gint64    number;
  char     *text;
} BindValue;

static void
bind_value_free (BindValue *value)
{
  g_free (value->text);
  g_free (value);
}

static void
search_query_free (SearchQuery *query)
{
  g_string_free (query->where, TRUE);
  g_ptr_array_unref (query->binds);
  g_ptr_array_unref (query->terms);
  g_ptr_array_unref (query->excluded);
  g_free (query);
}

static void
add_condition_int (SearchQuery *query,
                   const char  *condition,
                   gint64       number)
{
  BindValue *value = g_new0 (BindValue, 1);

  value->is_int = TRUE;
  value->number = number;
  g_string_append (query->where, condition);
  g_ptr_array_add (query->binds, value);
}

/* @condition has @n_uses anonymous parameters, each @text. */
static void
add_condition_text (SearchQuery *query,
                    const char  *condition,
                    const char  *text,
                    guint        n_uses)
{
  g_string_append (query->where, condition);
  for (guint i = 0; i < n_uses; i++)
    {
      BindValue *value = g_new0 (BindValue, 1);

      value->text = g_strdup (text);
      g_ptr_array_add (query->binds, value);
    }
}

/* @word as one FTS5 string ("…", quotes doubled): never an operator or a column filter. A
 * trailing * (outside the quotes) keeps its meaning: a prefix. */
static char *
fts_phrase (const char *word)
{
  gsize len = strlen (word);
  gboolean prefix = len > 1 && word[len - 1] == '*';
  g_autofree char *body = g_strndup (word, prefix ? len - 1 : len);
  GString *out = g_string_new ("\"");

  for (const char *p = body; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  if (prefix)
    g_string_append_c (out, '*');
  return g_string_free (out, FALSE);
}

/* Splits @text into words; "double quotes" group words (also after key:). */
static GPtrArray *
split_words (const char *text)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  GString *word = g_string_new (NULL);
  gboolean quoted = FALSE, any = FALSE;

  for (const char *p = text; ; p++)
    {
      if (*p == '\0' || (!quoted && g_ascii_isspace (*p)))
        {
          if (any)
            g_ptr_array_add (words, g_strdup (word->str));
          g_string_truncate (word, 0);
          any = FALSE;
          if (*p == '\0')
            break;
          continue;
        }
      if (*p == '"')
        {
          quoted = !quoted;
          any = TRUE;
          continue;
        }
      g_string_append_c (word, *p);
      any = TRUE;
    }
  g_string_free (word, TRUE);
  return words;
}

static gboolean
parse_date (const char  *text,
            gint64      *out_time,
            GError     **error)
{
  g_autoptr(GDateTime) when = NULL;
  int year, month, day;
  char tail;

  if (sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &tail) == 3)
    when = g_date_time_new_local (year, month, day, 0, 0, 0);
  else
    {
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();

      when = g_date_time_new_from_iso8601 (text, local);
    }
  if (when == NULL)
    {
      g_set_error (error, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_QUERY,
                   _("“%s” is not a date: write YYYY-MM-DD"), text);
      return FALSE;
    }
  *out_time = g_date_time_to_unix (when);
  return TRUE;
}

static SearchQuery *
parse_search (const char  *text,
              const char  *stream_id,
              guint        limit,
              GError     **error)
{
  SearchQuery *query = g_new0 (SearchQuery, 1);
  g_autoptr(GPtrArray) words = split_words (text != NULL ? text : "");
  guint64 id;

  query->where = g_string_new (NULL);
  query->binds = g_ptr_array_new_with_free_func ((GDestroyNotify) bind_value_free);
  query->terms = g_ptr_array_new_with_free_func (g_free);
  query->excluded = g_ptr_array_new_with_free_func (g_free);
  query->limit = limit > 0 ? limit : DEFAULT_LIMIT;

  if (stream_id != NULL)
    {
      if (!rumble_id_parse_any (stream_id, &id))
        goto bad_stream;
      add_condition_int (query, " AND m.stream_id = ?", (gint64) id);
    }

  for (guint i = 0; i < words->len; i++)
    {
      const char *word = g_ptr_array_index (words, i);
      const char *colon = strchr (word, ':');
      g_autofree char *key = colon ? g_ascii_strdown (word, colon - word) : NULL;
      const char *value = colon ? colon + 1 : NULL;
      gint64 time;

      if (key != NULL && g_str_equal (key, "from") && *value != '\0')
        add_condition_text (query, " AND m.user_id IN (SELECT id FROM users WHERE name = ?"
                            " COLLATE NOCASE UNION SELECT user_id FROM channels"
                            " WHERE name = ? COLLATE NOCASE)", value, 2);
      else if (key != NULL && g_str_equal (key, "in"))
        {
          stream_id = value;
          if (!rumble_id_parse_any (value, &id))
            goto bad_stream;
          add_condition_int (query, " AND m.stream_id = ?", (gint64) id);
        }
      else if (key != NULL && g_str_equal (key, "is") && g_ascii_strcasecmp (value, "deleted") == 0)
        g_string_append (query->where, " AND m.deleted_at IS NOT NULL");
      else if (key != NULL && g_str_equal (key, "is") && g_ascii_strcasecmp (value, "rant") == 0)
        g_string_append (query->where, " AND m.rant_cents > 0");
      else if (key != NULL && g_str_equal (key, "has") && g_ascii_strcasecmp (value, "link") == 0)
        g_string_append (query->where, " AND m.has_link");
      else if (key != NULL && (g_str_equal (key, "is") || g_str_equal (key, "has")))
        {
          g_set_error (error, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_QUERY,
                       _("Unknown filter “%s”: use is:deleted, is:rant or has:link"), word);
          search_query_free (query);
          return NULL;
        }
      else if (key != NULL && (g_str_equal (key, "before") || g_str_equal (key, "after")))
        {
          if (!parse_date (value, &time, error))
            {
              search_query_free (query);
              return NULL;
            }
          add_condition_int (query, g_str_equal (key, "before") ? " AND m.time < ?"
                                                               : " AND m.time >= ?", time);
        }
      else if (word[0] == '-' && word[1] != '\0')
        g_ptr_array_add (query->excluded, fts_phrase (word + 1));
      else
        g_ptr_array_add (query->terms, fts_phrase (word));
    }
  return query;

bad_stream:
  g_set_error (error, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_QUERY,
               _("“%s” is not a stream id"), stream_id);
  search_query_free (query);
  return NULL;
}

static char *
join_phrases (GPtrArray *phrases)
{
  g_ptr_array_add (phrases, NULL);
  {
    char *joined = g_strjoinv (" AND ", (char **) phrases->pdata);

    g_ptr_array_remove_index (phrases, phrases->len - 1);
    return joined;
  }
}

static void
search_on_worker (LedgerStore *store,
                  GTask       *task,
                  gpointer     data)
{
  SearchQuery *query = data;
  g_autoptr(GString) sql = g_string_new ("SELECT " MESSAGE_COLUMNS);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) moderato_ledger_message_free);
  g_autofree char *match = query->terms->len > 0 ? join_phrases (query->terms) : NULL;
  g_autofree char *excluded = query->excluded->len > 0 ? join_phrases (query->excluded) : NULL;
  GError *error = NULL;
  sqlite3_stmt *stmt;
  int n = 1;

  /* With words, the full-text index leads, newest first, and stops at the limit. */
  if (match != NULL)
    g_string_append (sql, " FROM (SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH ?"
                     " ORDER BY rowid DESC LIMIT -1) f CROSS JOIN messages m ON m.id = f.id" MESSAGE_JOINS
                     " WHERE 1");
  else
    g_string_append (sql, " FROM messages m" MESSAGE_JOINS " WHERE 1");
  g_string_append (sql, query->where->str);
  if (excluded != NULL)
    g_string_append (sql, " AND m.id NOT IN (SELECT rowid FROM messages_fts WHERE"
                     " messages_fts MATCH ?)");
  /* The full-text subquery already yields newest first: no sort, it stops at the limit. */
  g_string_append (sql, match != NULL ? " LIMIT ?" : " ORDER BY m.id DESC LIMIT ?");

  stmt = ledger_store_prepare (store, sql->str, &error);
  if (stmt == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (match != NULL)
    sqlite3_bind_text (stmt, n++, match, -1, SQLITE_STATIC);
  for (guint i = 0; i < query->binds->len; i++, n++)
    {
      BindValue *value = g_ptr_array_index (query->binds, i);

      if (value->is_int)
        sqlite3_bind_int64 (stmt, n, value->number);
      else
        sqlite3_bind_text (stmt, n, value->text, -1, SQLITE_STATIC);
    }
  if (excluded != NULL)
    sqlite3_bind_text (stmt, n++, excluded, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, n, query->limit);

  if (collect_rows (store, stmt, (gpointer) read_message, rows, &error))
    g_task_return_pointer (task, g_steal_pointer (&rows), (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
  sqlite3_finalize (stmt);
}

void
moderato_ledger_search_async (ModeratoLedger      *self,
                              const char          *query,
                              const char          *stream_id,
                              guint                limit,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  SearchQuery *parsed;

  g_return_if_fail (MODERATO_IS_LEDGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, moderato_ledger_search_async);
  parsed = parse_search (query, stream_id, limit, &error);
  if (parsed == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  push_query (self, search_on_worker, parsed, (GDestroyNotify) search_query_free,
              g_steal_pointer (&task));
}

GPtrArray *
moderato_ledger_search_finish (ModeratoLedger  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- User summary ------------------------------------------------------------------- */

typedef struct {
  char  *user;
  guint  n_last;
} SummaryQuery;

static void
summary_query_free (SummaryQuery *query)
{
  g_free (query->user);
  g_free (query);
}

static gboolean
summary_fill (LedgerStore                *store,
              ModeratoLedgerUserSummary  *summary,
              gint64                      user_id,
              guint                       n_last,
              GError                    **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GStrvBuilder) streams = g_strv_builder_new ();
  int rc;

  stmt = ledger_store_statement (store,
                                 "SELECT stream_id FROM messages WHERE user_id = ?1"
                                 " GROUP BY stream_id ORDER BY max (id) DESC", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *id = ledger_id_to_string (stmt, 0);

      g_strv_builder_add (streams, id);
    }
  sqlite3_reset (stmt);
  summary->streams = g_strv_builder_end (streams);

  stmt = ledger_store_statement (store,
                                 "SELECT count (*), count (deleted_at) FROM messages"
                                 " WHERE user_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      summary->n_messages = sqlite3_column_int64 (stmt, 0);
      summary->n_deleted = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);

  stmt = ledger_store_statement (store,
                                 "SELECT " ENTRY_COLUMNS " FROM actions a"
                                 " LEFT JOIN users u ON u.id = a.user_id"
                                 " WHERE a.action = 'mute' AND (a.user_id = ?1"
                                 " OR a.user_name = ?2 COLLATE NOCASE)"
                                 " ORDER BY a.id DESC LIMIT ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  sqlite3_bind_text (stmt, 2, summary->name, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, MAX_MUTES);
  summary->mutes = g_ptr_array_new_with_free_func ((GDestroyNotify) moderato_ledger_entry_free);
  if (!collect_rows (store, stmt, (gpointer) read_entry, summary->mutes, error))
    return FALSE;
  sqlite3_reset (stmt);

  stmt = ledger_store_statement (store, "SELECT nullif (text, ''), watched FROM notes"
                                 " WHERE name = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, summary->name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      summary->note = column_text (stmt, 0);
      summary->watched = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);

  stmt = ledger_store_statement (store,
                                 "SELECT " MESSAGE_COLUMNS " FROM messages m" MESSAGE_JOINS
                                 " WHERE m.user_id = ?1 ORDER BY m.id DESC LIMIT ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  sqlite3_bind_int (stmt, 2, n_last);
  summary->last_messages = g_ptr_array_new_with_free_func ((GDestroyNotify) moderato_ledger_message_free);
  if (!collect_rows (store, stmt, (gpointer) read_message, summary->last_messages, error))
    return FALSE;
  sqlite3_reset (stmt);
  return TRUE;
}

static void
summary_on_worker (LedgerStore *store,
                   GTask       *task,
                   gpointer     data)
{
  SummaryQuery *query = data;
  g_autoptr(ModeratoLedgerUserSummary) summary = NULL;
  GError *error = NULL;
  sqlite3_stmt *stmt;
  gint64 user_id;

  stmt = ledger_store_statement (store,
                                 "SELECT id, name, first_seen FROM users"
                                 " WHERE id = ?1 OR name = ?2 COLLATE NOCASE"
                                 " ORDER BY id = ?1 DESC LIMIT 1", &error);
  if (stmt == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  bind_id_or_null (stmt, 1, query->user);
  sqlite3_bind_text (stmt, 2, query->user, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_task_return_new_error (task, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_NOT_FOUND,
                               _("The ledger knows no user “%s”"), query->user);
      return;
    }
  summary = g_new0 (ModeratoLedgerUserSummary, 1);
  user_id = sqlite3_column_int64 (stmt, 0);
  summary->user_id = ledger_id_to_string (stmt, 0);
  summary->name = column_text (stmt, 1);
  summary->first_seen = sqlite3_column_int64 (stmt, 2);
  sqlite3_reset (stmt);

  if (!summary_fill (store, summary, user_id, query->n_last, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&summary),
                         (GDestroyNotify) moderato_ledger_user_summary_free);
}

void
moderato_ledger_user_summary_async (ModeratoLedger      *self,
                                    const char          *user,
                                    guint                n_last,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;
  SummaryQuery *query;

  g_return_if_fail (MODERATO_IS_LEDGER (self));
  g_return_if_fail (user != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, moderato_ledger_user_summary_async);
  query = g_new0 (SummaryQuery, 1);
  query->user = g_strdup (user);
  query->n_last = n_last;
  push_query (self, summary_on_worker, query, (GDestroyNotify) summary_query_free, task);
}

ModeratoLedgerUserSummary *
moderato_ledger_user_summary_finish (ModeratoLedger  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- The moderation log ------------------------------------------------------------- */

typedef struct {
  char  *action;
  char  *user;
  char  *stream_id;
  guint  limit;
} LogQuery;

static void
log_query_free (LogQuery *query)
{
  g_free (query->action);
  g_free (query->user);
  g_free (query->stream_id);
  g_free (query);
}

static void
log_on_worker (LedgerStore *store,
               GTask       *task,
               gpointer     data)
{
  LogQuery *query = data;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) moderato_ledger_entry_free);
  GError *error = NULL;
  sqlite3_stmt *stmt;

  stmt = ledger_store_statement (store,
                                 "SELECT " ENTRY_COLUMNS " FROM actions a"
                                 " LEFT JOIN users u ON u.id = a.user_id"
                                 " WHERE (?1 IS NULL OR a.action = ?1)"
                                 " AND (?2 IS NULL OR a.user_id = ?3"
                                 "  OR coalesce (a.user_name, u.name) = ?2 COLLATE NOCASE)"
                                 " AND (?4 IS NULL OR a.stream_id = ?4)"
                                 " ORDER BY a.id DESC LIMIT ?5", &error);
  if (stmt == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (query->action != NULL)
    sqlite3_bind_text (stmt, 1, query->action, -1, SQLITE_STATIC);
  if (query->user != NULL)
    {
      sqlite3_bind_text (stmt, 2, query->user, -1, SQLITE_STATIC);
      bind_id_or_null (stmt, 3, query->user);
    }
  bind_id_or_null (stmt, 4, query->stream_id);
  sqlite3_bind_int64 (stmt, 5, query->limit);
  if (collect_rows (store, stmt, (gpointer) read_entry, rows, &error))
    g_task_return_pointer (task, g_steal_pointer (&rows), (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
  sqlite3_reset (stmt);
}

void
moderato_ledger_log_async (ModeratoLedger      *self,
                           const char          *action,
                           const char          *user,
                           const char          *stream_id,
                           guint                limit,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  LogQuery *query;
  ModeratoLedgerAction parsed;
  guint64 id;

  g_return_if_fail (MODERATO_IS_LEDGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, moderato_ledger_log_async);
  if (action != NULL && !moderato_ledger_action_from_string (action, &parsed))
    {
      g_task_return_new_error (task, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_QUERY,
                               _("“%s” is not an action"), action);
      g_object_unref (task);
      return;
    }
  if (stream_id != NULL && !rumble_id_parse_any (stream_id, &id))
    {
      g_task_return_new_error (task, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_QUERY,
                               _("“%s” is not a stream id"), stream_id);
      g_object_unref (task);
      return;
    }
  query = g_new0 (LogQuery, 1);
  query->action = g_strdup (action);
  query->user = g_strdup (user);
  query->stream_id = g_strdup (stream_id);
  query->limit = limit > 0 ? limit : DEFAULT_LIMIT;
  push_query (self, log_on_worker, query, (GDestroyNotify) log_query_free, task);
}

GPtrArray *
moderato_ledger_log_finish (ModeratoLedger  *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Notes -------------------------------------------------------------------------- */

static void
note_on_worker (LedgerStore *store,
                GTask       *task,
                gpointer     data)
{
  GError *error = NULL;
  sqlite3_stmt *stmt = ledger_store_statement (store, "SELECT nullif (text, '') FROM notes"
                                               " WHERE name = ?1", &error);
  char *text = NULL;

  if (stmt == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  sqlite3_bind_text (stmt, 1, data, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = column_text (stmt, 0);
  sqlite3_reset (stmt);
  g_task_return_pointer (task, text, g_free);
}

void
moderato_ledger_get_note_async (ModeratoLedger      *self,
                                const char          *user_name,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (MODERATO_IS_LEDGER (self));
  g_return_if_fail (user_name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, moderato_ledger_get_note_async);
  push_query (self, note_on_worker, g_strdup (user_name), g_free, task);
}

char *
moderato_ledger_get_note_finish (ModeratoLedger  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Watched users, own channels, known users ---------------------------------------- */

/* Queues @func on the worker for a new task of @self tagged @source_tag. */
static void
start_query (ModeratoLedger      *self,
             gpointer             source_tag,
             LedgerQueryFunc      func,
             char                *data,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  push_query (self, func, data, g_free, task);
}

/* Completes @task with the first column of @stmt's rows as a GStrv. */
static void
return_names (LedgerStore  *store,
              GTask        *task,
              sqlite3_stmt *stmt)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (names, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      GError *error = NULL;

      ledger_set_sqlite_error (&error, ledger_store_get_db (store), rc, "query");
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_strv_builder_end (names), (GDestroyNotify) g_strfreev);
}

static void
watched_on_worker (LedgerStore *store,
                   GTask       *task,
                   gpointer     data)
{
  GError *error = NULL;
  sqlite3_stmt *stmt = ledger_store_statement (store, "SELECT name FROM notes WHERE watched"
                                               " ORDER BY name", &error);

  if (stmt == NULL)
    g_task_return_error (task, error);
  else
    return_names (store, task, stmt);
}

void
moderato_ledger_watched_async (ModeratoLedger      *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (MODERATO_IS_LEDGER (self));

  start_query (self, moderato_ledger_watched_async, watched_on_worker, NULL, cancellable,
               callback, user_data);
}

/* The pointer a query started by start_query() completed with. */
static gpointer
finish_query (ModeratoLedger  *self,
              GAsyncResult    *result,
              gpointer         source_tag,
              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

char **
moderato_ledger_watched_finish (ModeratoLedger  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return finish_query (self, result, moderato_ledger_watched_async, error);
}

static void
channel_names_on_worker (LedgerStore *store,
                         GTask       *task,
                         gpointer     data)
{
  GError *error = NULL;
  sqlite3_stmt *stmt = ledger_store_statement (store, "SELECT name FROM channels"
                                               " WHERE user_id = ?1 ORDER BY id", &error);

  if (stmt == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  bind_id_or_null (stmt, 1, data);
  return_names (store, task, stmt);
}

void
moderato_ledger_channel_names_async (ModeratoLedger      *self,
                                     const char          *user_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (MODERATO_IS_LEDGER (self));
  g_return_if_fail (user_id != NULL);

  start_query (self, moderato_ledger_channel_names_async, channel_names_on_worker,
               g_strdup (user_id), cancellable, callback, user_data);
}

char **
moderato_ledger_channel_names_finish (ModeratoLedger  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return finish_query (self, result, moderato_ledger_channel_names_async, error);
}

static void
known_user_ids_on_worker (LedgerStore *store,
                          GTask       *task,
                          gpointer     data)
{
  GError *error = NULL;
  sqlite3_stmt *stmt = ledger_store_statement (store, "SELECT id FROM users ORDER BY id",
                                               &error);
  g_autoptr(GArray) ids = NULL;
  int rc;

  if (stmt == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  ids = g_array_new (FALSE, FALSE, sizeof (guint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint64 id = (guint64) sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ledger_set_sqlite_error (&error, ledger_store_get_db (store), rc, "query");
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&ids), (GDestroyNotify) g_array_unref);
}

void
moderato_ledger_known_user_ids_async (ModeratoLedger      *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (MODERATO_IS_LEDGER (self));

  start_query (self, moderato_ledger_known_user_ids_async, known_user_ids_on_worker, NULL,
               cancellable, callback, user_data);
}

GArray *
moderato_ledger_known_user_ids_finish (ModeratoLedger  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return finish_query (self, result, moderato_ledger_known_user_ids_async, error);
}

/* ---- Stream report ------------------------------------------------------------------ */

static void
report_on_worker (LedgerStore *store,
                  GTask       *task,
                  gpointer     data)
{
  g_autoptr(ModeratoLedgerReport) report = g_new0 (ModeratoLedgerReport, 1);
  GError *error = NULL;
  gint64 stream_id = *(gint64 *) data;
  sqlite3_stmt *stmt;

  report->stream_id = g_strdup_printf ("%" G_GINT64_FORMAT, stream_id);

  stmt = ledger_store_statement (store,
                                 "SELECT title, first_seen, last_seen FROM streams WHERE id = ?1",
                                 &error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, stream_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_task_return_new_error (task, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_NOT_FOUND,
                               _("The ledger knows no stream %s"), report->stream_id);
      return;
    }
  report->title = column_text (stmt, 0);
  report->first_seen = sqlite3_column_int64 (stmt, 1);
  report->last_seen = sqlite3_column_int64 (stmt, 2);
  sqlite3_reset (stmt);

  stmt = ledger_store_statement (store,
                                 "SELECT count (*), count (DISTINCT user_id),"
                                 " count (*) FILTER (WHERE rant_cents > 0),"
                                 " coalesce (sum (rant_cents), 0), count (deleted_at),"
                                 " min (time), max (time)"
                                 " FROM messages WHERE stream_id = ?1", &error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, stream_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      report->n_messages = sqlite3_column_int64 (stmt, 0);
      report->n_chatters = sqlite3_column_int64 (stmt, 1);
      report->n_rants = sqlite3_column_int64 (stmt, 2);
      report->rant_cents = sqlite3_column_int64 (stmt, 3);
      report->n_deleted = sqlite3_column_int64 (stmt, 4);
      if (report->n_messages > 0)
        {
          report->first_seen = MIN (report->first_seen, sqlite3_column_int64 (stmt, 5));
          report->last_seen = MAX (report->last_seen, sqlite3_column_int64 (stmt, 6));
        }
    }
  sqlite3_reset (stmt);

  stmt = ledger_store_statement (store,
                                 "SELECT (SELECT count (*) FROM users WHERE first_stream = ?1),"
                                 " (SELECT count (DISTINCT coalesce (user_id, user_name))"
                                 "  FROM actions WHERE stream_id = ?1 AND action = 'mute'"
                                 "  AND outcome IN ('done', 'seen'))", &error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, stream_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      report->n_first_time = sqlite3_column_int64 (stmt, 0);
      report->n_mutes = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);

  stmt = ledger_store_statement (store,
                                 "SELECT time / 60 AS minute, count (*) AS n FROM messages"
                                 " WHERE stream_id = ?1 GROUP BY minute"
                                 " ORDER BY n DESC, minute LIMIT 1", &error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, stream_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      report->busiest_minute = sqlite3_column_int64 (stmt, 0) * 60;
      report->busiest_minute_messages = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);

  g_task_return_pointer (task, g_steal_pointer (&report),
                         (GDestroyNotify) moderato_ledger_report_free);
  return;

failed:
  g_task_return_error (task, error);
}

void
moderato_ledger_report_async (ModeratoLedger      *self,
                              const char          *stream_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  guint64 id;

  g_return_if_fail (MODERATO_IS_LEDGER (self));
  g_return_if_fail (stream_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, moderato_ledger_report_async);
  if (!rumble_id_parse_any (stream_id, &id) || id > G_MAXINT64)
    {
      g_task_return_new_error (task, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_QUERY,
                               _("“%s” is not a stream id"), stream_id);
      g_object_unref (task);
      return;
    }
  push_query (self, report_on_worker, g_memdup2 (&id, sizeof id), g_free, task);
}

ModeratoLedgerReport *
moderato_ledger_report_finish (ModeratoLedger  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- JSON and export ---------------------------------------------------------------- */

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value == NULL)
    json_builder_add_null_value (builder);
  /* The JSON writer copies bytes as they are: invalid UTF-8 would make invalid JSON. */
  else if (!g_utf8_validate (value, -1, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (value, -1);

      json_builder_add_string_value (builder, valid);
    }
  else
    json_builder_add_string_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_message (JsonBuilder                 *builder,
             const ModeratoLedgerMessage *message)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", message->id);
  add_string (builder, "stream_id", message->stream_id);
  add_int (builder, "time", message->time);
  add_string (builder, "user_id", message->user_id);
  add_string (builder, "user", message->user_name);
  add_string (builder, "channel_id", message->channel_id);
  add_string (builder, "channel", message->channel_name);
  add_string (builder, "text", message->text);
  add_int (builder, "rant_cents", message->rant_cents);
  json_builder_set_member_name (builder, "badges");
  json_builder_begin_array (builder);
  for (guint i = 0; message->badges[i] != NULL; i++)
    json_builder_add_string_value (builder, message->badges[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "deleted_at");
  if (message->deleted_at != 0)
    json_builder_add_int_value (builder, message->deleted_at);
  else
    json_builder_add_null_value (builder);
  add_string (builder, "deleted_by", message->deleted_by);
  json_builder_end_object (builder);
}

static void
add_entry (JsonBuilder               *builder,
           const ModeratoLedgerEntry *entry)
{
  json_builder_begin_object (builder);
  add_int (builder, "time", entry->time);
  add_string (builder, "account", entry->account);
  add_string (builder, "stream_id", entry->stream_id);
  add_string (builder, "action", moderato_ledger_action_to_string (entry->action));
  add_string (builder, "message_id", entry->message_id);
  add_string (builder, "user_id", entry->user_id);
  add_string (builder, "user", entry->user_name);
  json_builder_set_member_name (builder, "duration");
  if (entry->duration_s > 0)
    json_builder_add_int_value (builder, entry->duration_s);
  else
    json_builder_add_null_value (builder);
  add_string (builder, "scope", entry->scope);
  add_string (builder, "text", entry->text);
  add_string (builder, "outcome", moderato_ledger_outcome_to_string (entry->outcome));
  add_string (builder, "reason", entry->reason);
  json_builder_end_object (builder);
}

JsonNode *
moderato_ledger_message_to_json (const ModeratoLedgerMessage *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (message != NULL, NULL);
  add_message (builder, message);
  return json_builder_get_root (builder);
}

JsonNode *
moderato_ledger_entry_to_json (const ModeratoLedgerEntry *entry)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (entry != NULL, NULL);
  add_entry (builder, entry);
  return json_builder_get_root (builder);
}

JsonNode *
moderato_ledger_user_summary_to_json (const ModeratoLedgerUserSummary *summary)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (summary != NULL, NULL);
  json_builder_begin_object (builder);
  add_string (builder, "user_id", summary->user_id);
  add_string (builder, "user", summary->name);
  add_int (builder, "first_seen", summary->first_seen);
  json_builder_set_member_name (builder, "streams");
  json_builder_begin_array (builder);
  for (guint i = 0; summary->streams[i] != NULL; i++)
    json_builder_add_string_value (builder, summary->streams[i]);
  json_builder_end_array (builder);
  add_int (builder, "messages", summary->n_messages);
  add_int (builder, "deleted", summary->n_deleted);
  json_builder_set_member_name (builder, "mutes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < summary->mutes->len; i++)
    add_entry (builder, g_ptr_array_index (summary->mutes, i));
  json_builder_end_array (builder);
  add_string (builder, "note", summary->note);
  json_builder_set_member_name (builder, "watched");
  json_builder_add_boolean_value (builder, summary->watched);
  json_builder_set_member_name (builder, "last_messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < summary->last_messages->len; i++)
    add_message (builder, g_ptr_array_index (summary->last_messages, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static char *
format_utc (gint64 unix_seconds)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (unix_seconds);

  return when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M UTC") : g_strdup ("");
}

/* A CSV field (RFC 4180): quoted when it holds a separator, a quote or a line break, its
 * quotes doubled. A field a spreadsheet would take for a formula (=, +, -, @, a tab or a
 * carriage return first) gets a leading single quote, so that it stays text. */
static void
append_csv (GString    *out,
            const char *value)
{
  g_autofree char *valid = g_utf8_make_valid (value, -1);
  g_autofree char *field = NULL;

  if (valid[0] != '\0' && strchr ("=+-@\t\r", valid[0]) != NULL)
    field = g_strconcat ("'", valid, NULL);
  else
    field = g_steal_pointer (&valid);

  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* Text from elsewhere (a stream title) inside one line of Markdown, shown as written: line
 * breaks and other controls as spaces, no spaces at either end (a table cell drops them),
 * and every character that could end a table cell or start markup (| \ ` * _ [ ] < > & # !
 * ~ $) escaped with a backslash. NULL when nothing is left. */
static char *
markdown_inline (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autoptr(GString) flat = g_string_sized_new (strlen (valid));
  GString *out;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_c (flat, ' ');
      else
        g_string_append_len (flat, p, g_utf8_next_char (p) - p);
    }
  g_strstrip (flat->str);
  if (flat->str[0] == '\0')
    return NULL;

  out = g_string_sized_new (strlen (flat->str) + 8);
  for (const char *p = flat->str; *p != '\0'; p++)
    {
      if (strchr ("|\\`*_[]<>&#!~$", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

char *
moderato_ledger_report_format (const ModeratoLedgerReport *report,
                               ModeratoLedgerFormat        format)
{
  g_autofree char *rants = NULL;
  g_autofree char *busiest = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  const struct {
    const char *key;
    const char *label;
    guint64     value;
  } counts[] = {
    { "messages", N_("Messages"), report->n_messages },
    { "chatters", N_("Chatters"), report->n_chatters },
    { "first_time_chatters", N_("First-time chatters"), report->n_first_time },
    { "rants", N_("Rants"), report->n_rants },
    { "rant_cents", N_("Rants total (cents)"), report->rant_cents },
    { "deleted", N_("Deleted messages"), report->n_deleted },
    { "mutes", N_("Users muted"), report->n_mutes },
    { "busiest_minute_messages", N_("Messages in the busiest minute"),
      report->busiest_minute_messages },
  };
  GString *out;

  g_return_val_if_fail (report != NULL, NULL);

  rants = g_strdup_printf ("$%" G_GUINT64_FORMAT ".%02u", report->rant_cents / 100,
                           (guint) (report->rant_cents % 100));
  busiest = report->busiest_minute != 0 ? format_utc (report->busiest_minute) : g_strdup ("");
  first = format_utc (report->first_seen);
  last = format_utc (report->last_seen);

  switch (format)
    {
    case MODERATO_LEDGER_FORMAT_JSON:
      {
        g_autoptr(JsonBuilder) builder = json_builder_new ();
        g_autoptr(JsonGenerator) generator = json_generator_new ();
        g_autoptr(JsonNode) root = NULL;

        json_builder_begin_object (builder);
        add_string (builder, "stream_id", report->stream_id);
        add_string (builder, "title", report->title);
        add_int (builder, "first_seen", report->first_seen);
        add_int (builder, "last_seen", report->last_seen);
        for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
          add_int (builder, counts[i].key, (gint64) counts[i].value);
        add_int (builder, "busiest_minute", report->busiest_minute);
        json_builder_end_object (builder);
        root = json_builder_get_root (builder);
        json_generator_set_root (generator, root);
        return json_generator_to_data (generator, NULL);
      }

    case MODERATO_LEDGER_FORMAT_CSV:
      out = g_string_new ("metric,value\r\n");
      g_string_append (out, "stream_id,");
      append_csv (out, report->stream_id);
      g_string_append (out, "\r\ntitle,");
      append_csv (out, report->title != NULL ? report->title : "");
      g_string_append_printf (out, "\r\nfirst_seen,%" G_GINT64_FORMAT "\r\nlast_seen,%"
                              G_GINT64_FORMAT "\r\n", report->first_seen, report->last_seen);
      for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
        g_string_append_printf (out, "%s,%" G_GUINT64_FORMAT "\r\n", counts[i].key,
                                counts[i].value);
      g_string_append_printf (out, "busiest_minute,%" G_GINT64_FORMAT "\r\n",
                              report->busiest_minute);
      return g_string_free (out, FALSE);

    case MODERATO_LEDGER_FORMAT_MARKDOWN:
    default:
      {
        g_autofree char *stream_id = markdown_inline (report->stream_id);
        g_autofree char *title = markdown_inline (report->title);

        if (stream_id == NULL)
          stream_id = g_strdup ("?");
        out = g_string_new (NULL);
        /* TRANSLATORS: the heading of a stream report; %s is the title or the stream id */
        g_string_append_printf (out, _("# Stream report: %s\n\n"),
                                title != NULL ? title : stream_id);
        g_string_append_printf (out, _("Stream %s, %s to %s.\n\n"), stream_id, first, last);
      }
      g_string_append_printf (out, "| %s | %s |\n|---|---:|\n", _("Metric"), _("Value"));
      for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
        {
          if (g_str_equal (counts[i].key, "rant_cents"))
            g_string_append_printf (out, "| %s | %s |\n", _("Rants total"), rants);
          else
            g_string_append_printf (out, "| %s | %" G_GUINT64_FORMAT " |\n", _(counts[i].label),
                                    counts[i].value);
        }
      g_string_append_printf (out, "| %s | %s |\n", _("Busiest minute"), busiest);
      return g_string_free (out, FALSE);
    }
}
