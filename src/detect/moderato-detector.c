/* moderato-detector.c — what in a chat needs a moderator: highlights, spam waves, rants
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Time is the chat's: messages carry their own time, and between messages the detector's
 * clock runs on from the newest one with the monotonic clock, so that a server whose clock
 * is off does not close waves early or late. One timer, for the next wave to close or rant
 * to end, drives that clock when no message comes.
 */
#define G_LOG_DOMAIN "moderato-detect"

#include "config.h"

#include <string.h>

#include "moderato-detect-enums.h"
#include "moderato-detect-private.h"
#include "moderato-detector.h"
#include "moderato-link-finder.h"
#include "moderato-wave-finder.h"

/* Accounts remembered for "first seen" and "new account"; past this the set starts over. */
#define MAX_SEEN_ACCOUNTS 100000
#define NEW_ACCOUNT_FLAG  0x80000000u

struct _ModeratoDetector
{
  GObject                parent_instance;

  RumbleChatApi         *chat;
  ModeratoWaveFinder    *finder;
  GPtrArray             *rules;
  GRegex                *mention;
  GPtrArray             *own_list;      /* the names as given, then as learned */
  GHashTable            *own_names;     /* case-folded */
  char                  *own_user_id;
  GHashTable            *watched;       /* ids and case-folded names */
  GHashTable            *seen;          /* user id → count | NEW_ACCOUNT_FLAG */
  ModeratoFirstTimeFunc  first_time_func;
  gpointer               first_time_data;
  GDestroyNotify         first_time_destroy;

  GListStore            *highlights;
  GListStore            *waves;
  GListStore            *rants;

  guint                  wave_size;
  guint                  wave_window;
  guint                  notify_rant_min_cents;
  guint64                rant_total_cents;
  gboolean               first_time;
  gboolean               new_account_links;

  gint64                 rants_due;     /* no rant in `rants` ends before */
  gint64                 clock_us;      /* the chat's time at clock_mono */
  gint64                 clock_mono;
  guint                  timer_id;
  gint64                 timer_due;     /* chat time the timer is set for */
};

G_DEFINE_FINAL_TYPE (ModeratoDetector, moderato_detector, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CHAT,
  PROP_WAVE_SIZE,
  PROP_WAVE_WINDOW,
  PROP_FIRST_TIME,
  PROP_NEW_ACCOUNT_LINKS,
  PROP_NOTIFY_RANT_MIN_CENTS,
  PROP_RANT_TOTAL_CENTS,
  N_PROPS
};

enum {
  SIGNAL_HIGHLIGHT,
  SIGNAL_WAVE_CREATED,
  SIGNAL_WAVE_GROWN,
  SIGNAL_WAVE_CLOSED,
  SIGNAL_RANT,
  SIGNAL_RULE_FAILED,
  SIGNAL_OWN_NAME_LEARNED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void learn_own_name      (ModeratoDetector  *self,
                                 const char        *name);
static void on_messages_deleted (RumbleChatApi     *chat,
                                 char             **ids,
                                 gboolean           non_rant_only,
                                 ModeratoDetector  *self);

static void
moderato_detector_dispose (GObject *object)
{
  ModeratoDetector *self = MODERATO_DETECTOR (object);

  moderato_detector_set_chat (self, NULL);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->first_time_destroy != NULL)
    self->first_time_destroy (self->first_time_data);
  self->first_time_func = NULL;
  self->first_time_destroy = NULL;
  g_clear_object (&self->highlights);
  g_clear_object (&self->waves);
  g_clear_object (&self->rants);

  G_OBJECT_CLASS (moderato_detector_parent_class)->dispose (object);
}

static void
moderato_detector_finalize (GObject *object)
{
  ModeratoDetector *self = MODERATO_DETECTOR (object);

  g_clear_pointer (&self->finder, moderato_wave_finder_free);
  g_ptr_array_unref (self->rules);
  g_clear_pointer (&self->mention, g_regex_unref);
  g_ptr_array_unref (self->own_list);
  g_hash_table_unref (self->own_names);
  g_free (self->own_user_id);
  g_hash_table_unref (self->watched);
  g_hash_table_unref (self->seen);

  G_OBJECT_CLASS (moderato_detector_parent_class)->finalize (object);
}

static void
moderato_detector_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ModeratoDetector *self = MODERATO_DETECTOR (object);

  switch (prop_id)
    {
    case PROP_CHAT:
      g_value_set_object (value, self->chat);
      break;
    case PROP_WAVE_SIZE:
      g_value_set_uint (value, self->wave_size);
      break;
    case PROP_WAVE_WINDOW:
      g_value_set_uint (value, self->wave_window);
      break;
    case PROP_FIRST_TIME:
      g_value_set_boolean (value, self->first_time);
      break;
    case PROP_NEW_ACCOUNT_LINKS:
      g_value_set_boolean (value, self->new_account_links);
      break;
    case PROP_NOTIFY_RANT_MIN_CENTS:
      g_value_set_uint (value, self->notify_rant_min_cents);
      break;
    case PROP_RANT_TOTAL_CENTS:
      g_value_set_uint64 (value, self->rant_total_cents);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_detector_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ModeratoDetector *self = MODERATO_DETECTOR (object);

  switch (prop_id)
    {
    case PROP_CHAT:
      moderato_detector_set_chat (self, g_value_get_object (value));
      break;
    case PROP_WAVE_SIZE:
      moderato_detector_set_wave_size (self, g_value_get_uint (value));
      break;
    case PROP_WAVE_WINDOW:
      moderato_detector_set_wave_window (self, g_value_get_uint (value));
      break;
    case PROP_FIRST_TIME:
      moderato_detector_set_first_time (self, g_value_get_boolean (value));
      break;
    case PROP_NEW_ACCOUNT_LINKS:
      moderato_detector_set_new_account_links (self, g_value_get_boolean (value));
      break;
    case PROP_NOTIFY_RANT_MIN_CENTS:
      moderato_detector_set_notify_rant_min_cents (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_detector_class_init (ModeratoDetectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = moderato_detector_dispose;
  object_class->finalize = moderato_detector_finalize;
  object_class->get_property = moderato_detector_get_property;
  object_class->set_property = moderato_detector_set_property;

  properties[PROP_CHAT] = g_param_spec_object ("chat", NULL, NULL, RUMBLE_TYPE_CHAT_API, rw);
  properties[PROP_WAVE_SIZE] =
    g_param_spec_uint ("wave-size", NULL, NULL, 2, G_MAXUINT,
                       MODERATO_DETECTOR_DEFAULT_WAVE_SIZE, rw);
  properties[PROP_WAVE_WINDOW] =
    g_param_spec_uint ("wave-window", NULL, NULL, 1, 24 * 3600,
                       MODERATO_DETECTOR_DEFAULT_WAVE_WINDOW, rw);
  properties[PROP_FIRST_TIME] = g_param_spec_boolean ("first-time", NULL, NULL, FALSE, rw);
  properties[PROP_NEW_ACCOUNT_LINKS] = g_param_spec_boolean ("new-account-links", NULL, NULL,
                                                             TRUE, rw);
  properties[PROP_NOTIFY_RANT_MIN_CENTS] =
    g_param_spec_uint ("notify-rant-min-cents", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_RANT_TOTAL_CENTS] =
    g_param_spec_uint64 ("rant-total-cents", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_HIGHLIGHT] =
    g_signal_new ("highlight", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, MODERATO_TYPE_HIGHLIGHT);
  signals[SIGNAL_WAVE_CREATED] =
    g_signal_new ("wave-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, MODERATO_TYPE_SPAM_WAVE);
  signals[SIGNAL_WAVE_GROWN] =
    g_signal_new ("wave-grown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, MODERATO_TYPE_SPAM_WAVE);
  signals[SIGNAL_WAVE_CLOSED] =
    g_signal_new ("wave-closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, MODERATO_TYPE_SPAM_WAVE);
  signals[SIGNAL_RANT] =
    g_signal_new ("rant", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, MODERATO_TYPE_DETECT_RANT);
  signals[SIGNAL_RULE_FAILED] =
    g_signal_new ("rule-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, MODERATO_TYPE_DETECT_RULE);
  signals[SIGNAL_OWN_NAME_LEARNED] =
    g_signal_new ("own-name-learned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
moderato_detector_init (ModeratoDetector *self)
{
  self->finder = moderato_wave_finder_new ();
  self->rules = g_ptr_array_new_with_free_func (g_object_unref);
  self->own_list = g_ptr_array_new_with_free_func (g_free);
  self->own_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->watched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->highlights = g_list_store_new (MODERATO_TYPE_HIGHLIGHT);
  self->waves = g_list_store_new (MODERATO_TYPE_SPAM_WAVE);
  self->rants = g_list_store_new (MODERATO_TYPE_DETECT_RANT);
  self->wave_size = MODERATO_DETECTOR_DEFAULT_WAVE_SIZE;
  self->wave_window = MODERATO_DETECTOR_DEFAULT_WAVE_WINDOW;
  self->new_account_links = TRUE;
  self->rants_due = G_MAXINT64;
  moderato_wave_finder_set_size (self->finder, self->wave_size);
  moderato_wave_finder_set_window (self->finder, (gint64) self->wave_window * G_USEC_PER_SEC);
}

ModeratoDetector *
moderato_detector_new (void)
{
  return g_object_new (MODERATO_TYPE_DETECTOR, NULL);
}

/* ---- The chat ----------------------------------------------------------------------- */

static void
on_message_received (RumbleChatApi    *chat,
                     RumbleMessage    *message,
                     ModeratoDetector *self)
{
  moderato_detector_feed_message (self, message);
}

void
moderato_detector_set_chat (ModeratoDetector *self,
                            RumbleChatApi    *chat)
{
  g_return_if_fail (MODERATO_IS_DETECTOR (self));
  g_return_if_fail (chat == NULL || RUMBLE_IS_CHAT_API (chat));

  if (self->chat == chat)
    return;
  if (self->chat != NULL)
    g_signal_handlers_disconnect_by_data (self->chat, self);
  g_set_object (&self->chat, chat);
  if (chat != NULL)
    {
      g_signal_connect_object (chat, "message-received", G_CALLBACK (on_message_received),
                               self, G_CONNECT_DEFAULT);
      g_signal_connect_object (chat, "messages-deleted", G_CALLBACK (on_messages_deleted),
                               self, G_CONNECT_DEFAULT);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAT]);
}

RumbleChatApi *
moderato_detector_get_chat (ModeratoDetector *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECTOR (self), NULL);
  return self->chat;
}

/* Removes from @store the items whose message id is @id. */
static void
remove_by_message_id (GListStore  *store,
                      const char  *id,
                      const char *(*get_id) (gpointer item))
{
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (store)); i-- > 0;)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_strcmp0 (get_id (item), id) == 0)
        g_list_store_remove (store, i);
    }
}

static void
on_messages_deleted (RumbleChatApi     *chat,
                     char             **ids,
                     gboolean           non_rant_only,
                     ModeratoDetector  *self)
{
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      RumbleMessage *message = rumble_chat_api_lookup_message (chat, ids[i]);

      /* What the chat spared ("delete non-rant messages" lists rants too) stays. */
      if (message != NULL && !rumble_message_get_deleted (message))
        continue;
      remove_by_message_id (self->highlights, ids[i],
                            (const char *(*) (gpointer)) moderato_highlight_get_message_id);
      remove_by_message_id (self->rants, ids[i],
                            (const char *(*) (gpointer)) moderato_detect_rant_get_message_id);
    }
}

/* ---- Time --------------------------------------------------------------------------- */

static gint64
chat_now (ModeratoDetector *self)
{
  if (self->clock_mono == 0)
    return g_get_real_time ();
  return self->clock_us + (g_get_monotonic_time () - self->clock_mono);
}

static void schedule (ModeratoDetector *self);

static gboolean
on_timer (gpointer user_data)
{
  ModeratoDetector *self = user_data;

  self->timer_id = 0;
  self->timer_due = 0;
  moderato_detector_advance (self, chat_now (self));
  return G_SOURCE_REMOVE;
}

/* The timer for the next wave to close or rant to end. Both are kept as lower bounds, so
 * this costs nothing per message; a timer that fires early just sets the next one. */
static void
schedule (ModeratoDetector *self)
{
  gint64 due = MIN (moderato_wave_finder_next_close (self->finder), self->rants_due);
  gint64 delay_ms;

  if (due == G_MAXINT64)
    {
      g_clear_handle_id (&self->timer_id, g_source_remove);
      return;
    }
  if (self->timer_id != 0 && self->timer_due <= due)
    return;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  /* A wave closes once its last member is more than a window old: just after `due`. */
  delay_ms = MAX (0, (due - chat_now (self)) / 1000 + 1);
  self->timer_due = due;
  self->timer_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) MIN (delay_ms, G_MAXINT),
                                       on_timer, self, NULL);
}

static void
on_wave_closed (ModeratoSpamWave *wave,
                gpointer          user_data)
{
  ModeratoDetector *self = user_data;
  guint position;

  if (g_list_store_find (self->waves, wave, &position))
    g_list_store_remove (self->waves, position);
  g_signal_emit (self, signals[SIGNAL_WAVE_CLOSED], 0, wave);
}

void
moderato_detector_advance (ModeratoDetector *self,
                           gint64            now_us)
{
  g_return_if_fail (MODERATO_IS_DETECTOR (self));

  if (now_us > self->clock_us)
    {
      self->clock_us = now_us;
      self->clock_mono = g_get_monotonic_time ();
    }
  now_us = self->clock_us;

  g_object_ref (self);
  moderato_wave_finder_expire (self->finder, now_us, on_wave_closed, self);
  if (self->rants_due <= now_us)
    {
      self->rants_due = G_MAXINT64;
      for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->rants)); i-- > 0;)
        {
          g_autoptr(ModeratoDetectRant) rant = g_list_model_get_item (G_LIST_MODEL (self->rants),
                                                                      i);
          gint64 expires = moderato_detect_rant_get_expires (rant);

          if (expires <= now_us)
            g_list_store_remove (self->rants, i);
          else
            self->rants_due = MIN (self->rants_due, expires);
        }
    }
  schedule (self);
  g_object_unref (self);
}

/* ---- Highlights --------------------------------------------------------------------- */

static gboolean
is_own_message (ModeratoDetector          *self,
                const ModeratoDetectInput *input)
{
  const char *names[] = { input->username, input->display_name };

  if (self->own_user_id != NULL && g_str_equal (input->user_id, self->own_user_id))
    return TRUE;
  if (g_hash_table_size (self->own_names) == 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *folded = names[i] ? g_utf8_casefold (names[i], -1) : NULL;

      if (folded != NULL && g_hash_table_contains (self->own_names, folded))
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_watched (ModeratoDetector          *self,
            const ModeratoDetectInput *input)
{
  g_autofree char *folded = NULL;

  if (g_hash_table_size (self->watched) == 0)
    return FALSE;
  if (g_hash_table_contains (self->watched, input->user_id))
    return TRUE;
  folded = input->username ? g_utf8_casefold (input->username, -1) : NULL;
  return folded != NULL && g_hash_table_contains (self->watched, folded);
}

/* Counts the account's message; returns the count, *@out_new whether it is new here. */
static guint
note_account (ModeratoDetector          *self,
              const ModeratoDetectInput *input,
              gboolean                  *out_new)
{
  gpointer value;
  guint seen;

  if (g_hash_table_lookup_extended (self->seen, input->user_id, NULL, &value))
    seen = GPOINTER_TO_UINT (value);
  else
    {
      gboolean is_new = TRUE;

      if (self->first_time_func != NULL)
        is_new = self->first_time_func (input->user_id, input->username, self->first_time_data);
      if (g_hash_table_size (self->seen) >= MAX_SEEN_ACCOUNTS)
        g_hash_table_remove_all (self->seen);
      seen = is_new ? NEW_ACCOUNT_FLAG : 0;
    }
  if ((seen & ~NEW_ACCOUNT_FLAG) < ~NEW_ACCOUNT_FLAG)
    seen++;
  g_hash_table_replace (self->seen, g_strdup (input->user_id), GUINT_TO_POINTER (seen));

  *out_new = (seen & NEW_ACCOUNT_FLAG) != 0;
  return seen & ~NEW_ACCOUNT_FLAG;
}

static void
add_highlight (ModeratoDetector          *self,
               const ModeratoDetectInput *input,
               ModeratoHighlightKind      kind,
               ModeratoDetectRule        *rule,
               gboolean                   notify,
               const char                *link)
{
  g_autoptr(ModeratoHighlight) highlight = NULL;
  const char *name = input->display_name ? input->display_name : input->username;

  highlight = moderato_highlight_new (kind, rule, notify, input->message_id, input->user_id,
                                      name, input->text, input->time_us, link);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->highlights)) >=
      MODERATO_DETECTOR_MAX_HIGHLIGHTS)
    g_list_store_remove (self->highlights, 0);
  g_list_store_append (self->highlights, highlight);
  g_signal_emit (self, signals[SIGNAL_HIGHLIGHT], 0, highlight);
}

static gboolean
match_rules (ModeratoDetector          *self,
             const ModeratoDetectInput *input)
{
  for (guint i = 0; i < self->rules->len; i++)
    {
      ModeratoDetectRule *rule = g_ptr_array_index (self->rules, i);
      gboolean failed = FALSE;

      if (moderato_detect_rule_match (rule, input->text, &failed))
        {
          add_highlight (self, input,
                         moderato_detect_rule_get_kind (rule) == MODERATO_DETECT_RULE_REGEX
                           ? MODERATO_HIGHLIGHT_REGEX : MODERATO_HIGHLIGHT_KEYWORD,
                         rule, moderato_detect_rule_get_notify (rule), NULL);
          return TRUE;
        }
      if (failed)
        {
          g_message ("Highlight rule “%s” turned off: %s", moderato_detect_rule_get_name (rule),
                     moderato_detect_rule_get_error (rule)->message);
          g_signal_emit (self, signals[SIGNAL_RULE_FAILED], 0, rule);
        }
    }
  return FALSE;
}

static void
detect_highlight (ModeratoDetector          *self,
                  const ModeratoDetectInput *input,
                  guint                      n_seen,
                  gboolean                   is_new)
{
  if (is_own_message (self, input))
    return;

  if (self->mention != NULL &&
      g_regex_match_full (self->mention, input->text, -1, 0, G_REGEX_MATCH_DEFAULT, NULL, NULL))
    {
      add_highlight (self, input, MODERATO_HIGHLIGHT_MENTION, NULL, TRUE, NULL);
      return;
    }
  if (is_watched (self, input))
    {
      add_highlight (self, input, MODERATO_HIGHLIGHT_WATCHED, NULL, TRUE, NULL);
      return;
    }
  if (match_rules (self, input))
    return;
  if (self->new_account_links && is_new && n_seen <= MODERATO_DETECTOR_NEW_ACCOUNT_MESSAGES)
    {
      g_autofree char *link = moderato_link_finder_first (input->text);

      if (link != NULL)
        {
          add_highlight (self, input, MODERATO_HIGHLIGHT_NEW_ACCOUNT_LINK, NULL, TRUE, link);
          return;
        }
    }
  if (self->first_time && is_new && n_seen == 1)
    add_highlight (self, input, MODERATO_HIGHLIGHT_FIRST_TIME, NULL, FALSE, NULL);
}

/* ---- Feeding ------------------------------------------------------------------------ */

static void
detect_wave (ModeratoDetector          *self,
             const ModeratoDetectInput *input)
{
  gboolean created = FALSE;
  ModeratoSpamWave *wave;

  wave = moderato_wave_finder_add (self->finder, input->time_us, input->message_id,
                                   input->user_id, input->username, input->text, &created);
  if (wave == NULL)
    return;
  moderato_spam_wave_notify_changes (wave);
  if (created)
    {
      g_list_store_append (self->waves, wave);
      g_signal_emit (self, signals[SIGNAL_WAVE_CREATED], 0, wave);
    }
  else
    g_signal_emit (self, signals[SIGNAL_WAVE_GROWN], 0, wave);
}

static void
detect_rant (ModeratoDetector          *self,
             const ModeratoDetectInput *input)
{
  g_autoptr(ModeratoDetectRant) rant = NULL;
  guint duration = input->rant_duration;
  gint64 expires;

  if (duration == 0 && self->chat != NULL)
    {
      const RumbleRantLevel *level = rumble_chat_api_get_rant_level (self->chat,
                                                                     input->rant_cents);

      duration = level != NULL ? level->duration : 0;
    }
  expires = input->time_us + (gint64) duration * G_USEC_PER_SEC;
  rant = moderato_detect_rant_new (input->message_id, input->user_id,
                                   input->display_name ? input->display_name : input->username,
                                   input->text, input->rant_cents, input->time_us, expires,
                                   input->rant_cents >= self->notify_rant_min_cents);

  self->rant_total_cents += input->rant_cents;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANT_TOTAL_CENTS]);
  if (expires > self->clock_us)
    {
      g_list_store_append (self->rants, rant);
      self->rants_due = MIN (self->rants_due, expires);
    }
  g_signal_emit (self, signals[SIGNAL_RANT], 0, rant);
}

void
moderato_detector_feed (ModeratoDetector          *self,
                        const ModeratoDetectInput *input)
{
  ModeratoDetectInput in;
  gboolean is_new = FALSE;
  guint n_seen;

  g_return_if_fail (MODERATO_IS_DETECTOR (self));
  g_return_if_fail (input != NULL && input->message_id != NULL);

  in = *input;
  if (in.user_id == NULL)
    in.user_id = "";
  if (in.text == NULL)
    in.text = "";
  if (in.time_us <= 0)
    in.time_us = chat_now (self);

  g_object_ref (self);
  moderato_detector_advance (self, in.time_us);

  if (self->own_user_id != NULL && in.display_name != NULL &&
      g_str_equal (in.user_id, self->own_user_id))
    learn_own_name (self, in.display_name);
  n_seen = note_account (self, &in, &is_new);
  if (*in.text != '\0')
    {
      detect_highlight (self, &in, n_seen, is_new);
      detect_wave (self, &in);
    }
  if (in.rant_cents > 0)
    detect_rant (self, &in);

  schedule (self);
  g_object_unref (self);
}

void
moderato_detector_feed_message (ModeratoDetector *self,
                                RumbleMessage    *message)
{
  RumbleUser *user;
  RumbleChannel *channel;
  ModeratoDetectInput input = { 0 };

  g_return_if_fail (MODERATO_IS_DETECTOR (self));
  g_return_if_fail (RUMBLE_IS_MESSAGE (message));

  /* Notices (raids, subscriptions, gifts) are Rumble's, not a chatter's words. */
  switch (rumble_message_get_kind (message))
    {
    case RUMBLE_MESSAGE_REGULAR:
    case RUMBLE_MESSAGE_RANT:
      break;
    case RUMBLE_MESSAGE_RAID:
    case RUMBLE_MESSAGE_SUBSCRIPTION:
    case RUMBLE_MESSAGE_GIFT:
    default:
      return;
    }

  user = rumble_message_get_user (message);
  channel = rumble_message_get_channel (message);
  input.message_id = rumble_message_get_id (message);
  input.user_id = rumble_message_get_user_id (message);
  input.username = user != NULL ? rumble_user_get_username (user) : NULL;
  input.display_name = channel != NULL ? rumble_channel_get_name (channel) : NULL;
  input.text = rumble_message_get_text (message);
  input.time_us = rumble_message_get_time (message) * G_USEC_PER_SEC;
  if (rumble_message_get_is_rant (message))
    {
      input.rant_cents = rumble_message_get_rant_price_cents (message);
      /* The chat's levels say how long a rant stays on top; the message when there are none. */
      if (self->chat == NULL ||
          rumble_chat_api_get_rant_level (self->chat, input.rant_cents) == NULL)
        input.rant_duration = rumble_message_get_rant_duration (message);
    }
  moderato_detector_feed (self, &input);
}

/* ---- Rules and names ---------------------------------------------------------------- */

void
moderato_detector_set_rules (ModeratoDetector *self,
                             GPtrArray        *rules)
{
  g_return_if_fail (MODERATO_IS_DETECTOR (self));

  if (rules == self->rules)
    return;
  g_ptr_array_set_size (self->rules, 0);
  for (guint i = 0; rules != NULL && i < rules->len; i++)
    moderato_detector_add_rule (self, g_ptr_array_index (rules, i));
}

void
moderato_detector_add_rule (ModeratoDetector   *self,
                            ModeratoDetectRule *rule)
{
  g_return_if_fail (MODERATO_IS_DETECTOR (self));
  g_return_if_fail (MODERATO_IS_DETECT_RULE (rule));

  g_ptr_array_add (self->rules, g_object_ref (rule));
}

GPtrArray *
moderato_detector_get_rules (ModeratoDetector *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECTOR (self), NULL);
  return self->rules;
}

/* Adds @name (without leading "@") to the own names; FALSE when empty or already there. */
static gboolean
add_own_name (ModeratoDetector *self,
              const char       *name)
{
  while (*name == '@')
    name++;
  if (*name == '\0' || !g_utf8_validate (name, -1, NULL) ||
      !g_hash_table_add (self->own_names, g_utf8_casefold (name, -1)))
    return FALSE;
  g_ptr_array_add (self->own_list, g_strdup (name));
  return TRUE;
}

/* One expression for all the names: a mention costs one match per message. */
static void
update_mention (ModeratoDetector *self)
{
  g_autoptr(GString) pattern = g_string_new ("(?:(?<!\\w)@|(?<![\\w@]))(?:");

  g_clear_pointer (&self->mention, g_regex_unref);
  if (self->own_list->len == 0)
    return;
  for (guint i = 0; i < self->own_list->len; i++)
    {
      g_autofree char *escaped = g_regex_escape_string (g_ptr_array_index (self->own_list, i),
                                                        -1);

      g_string_append_printf (pattern, "%s%s", i > 0 ? "|" : "", escaped);
    }
  g_string_append (pattern, ")(?!\\w)");
  /* Escaped names always compile. */
  self->mention = g_regex_new (pattern->str, G_REGEX_CASELESS | G_REGEX_OPTIMIZE,
                               G_REGEX_MATCH_DEFAULT, NULL);
}

void
moderato_detector_set_own_names (ModeratoDetector   *self,
                                 const char * const *names)
{
  g_return_if_fail (MODERATO_IS_DETECTOR (self));

  g_hash_table_remove_all (self->own_names);
  g_ptr_array_set_size (self->own_list, 0);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    add_own_name (self, names[i]);
  update_mention (self);
}

void
moderato_detector_add_own_names (ModeratoDetector   *self,
                                 const char * const *names)
{
  gboolean added = FALSE;

  g_return_if_fail (MODERATO_IS_DETECTOR (self));

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    added |= add_own_name (self, names[i]);
  if (added)
    update_mention (self);
}

/* The account posted as a channel: that channel is one of its names from now on. */
static void
learn_own_name (ModeratoDetector *self,
                const char       *name)
{
  const char * const names[] = { name, NULL };
  g_autofree char *folded = g_utf8_casefold (name, -1);

  if (g_hash_table_contains (self->own_names, folded))
    return;
  moderato_detector_add_own_names (self, names);
  g_signal_emit (self, signals[SIGNAL_OWN_NAME_LEARNED], 0, name);
}

void
moderato_detector_set_own_user_id (ModeratoDetector *self,
                                   const char       *user_id)
{
  g_return_if_fail (MODERATO_IS_DETECTOR (self));

  if (user_id != NULL && *user_id == '\0')
    user_id = NULL;
  g_free (self->own_user_id);
  self->own_user_id = g_strdup (user_id);
}

void
moderato_detector_set_watched (ModeratoDetector   *self,
                               const char * const *ids_or_names)
{
  g_return_if_fail (MODERATO_IS_DETECTOR (self));

  g_hash_table_remove_all (self->watched);
  for (guint i = 0; ids_or_names != NULL && ids_or_names[i] != NULL; i++)
    if (*ids_or_names[i] != '\0')
      g_hash_table_add (self->watched, g_utf8_casefold (ids_or_names[i], -1));
}

void
moderato_detector_watch_user (ModeratoDetector *self,
                              const char       *id_or_name,
                              gboolean          watched)
{
  g_autofree char *folded = NULL;

  g_return_if_fail (MODERATO_IS_DETECTOR (self));
  g_return_if_fail (id_or_name != NULL);

  if (*id_or_name == '\0')
    return;
  folded = g_utf8_casefold (id_or_name, -1);
  if (watched)
    g_hash_table_add (self->watched, g_steal_pointer (&folded));
  else
    g_hash_table_remove (self->watched, folded);
}

void
moderato_detector_set_first_time_func (ModeratoDetector      *self,
                                       ModeratoFirstTimeFunc  func,
                                       gpointer               user_data,
                                       GDestroyNotify         destroy)
{
  g_return_if_fail (MODERATO_IS_DETECTOR (self));

  if (self->first_time_destroy != NULL)
    self->first_time_destroy (self->first_time_data);
  self->first_time_func = func;
  self->first_time_data = user_data;
  self->first_time_destroy = destroy;
}

/* ---- Properties --------------------------------------------------------------------- */

guint
moderato_detector_get_wave_size (ModeratoDetector *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECTOR (self), 0);
  return self->wave_size;
}

void
moderato_detector_set_wave_size (ModeratoDetector *self,
                                 guint             size)
{
  g_return_if_fail (MODERATO_IS_DETECTOR (self));

  size = MAX (size, 2);
  if (self->wave_size == size)
    return;
  self->wave_size = size;
  moderato_wave_finder_set_size (self->finder, size);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAVE_SIZE]);
}

guint
moderato_detector_get_wave_window (ModeratoDetector *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECTOR (self), 0);
  return self->wave_window;
}

void
moderato_detector_set_wave_window (ModeratoDetector *self,
                                   guint             seconds)
{
  g_return_if_fail (MODERATO_IS_DETECTOR (self));

  seconds = CLAMP (seconds, 1, 24 * 3600);
  if (self->wave_window == seconds)
    return;
  self->wave_window = seconds;
  moderato_wave_finder_set_window (self->finder, (gint64) seconds * G_USEC_PER_SEC);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAVE_WINDOW]);
}

void
moderato_detector_set_window_max_messages (ModeratoDetector *self,
                                           guint             max_messages)
{
  g_return_if_fail (MODERATO_IS_DETECTOR (self));
  moderato_wave_finder_set_max_messages (self->finder, max_messages);
}

void
moderato_detector_set_wave_min_length (ModeratoDetector *self,
                                       guint             length)
{
  g_return_if_fail (MODERATO_IS_DETECTOR (self));
  moderato_wave_finder_set_min_length (self->finder, length);
}

void
moderato_detector_set_first_time (ModeratoDetector *self,
                                  gboolean          enabled)
{
  g_return_if_fail (MODERATO_IS_DETECTOR (self));

  enabled = !!enabled;
  if (self->first_time == enabled)
    return;
  self->first_time = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_TIME]);
}

void
moderato_detector_set_new_account_links (ModeratoDetector *self,
                                         gboolean          enabled)
{
  g_return_if_fail (MODERATO_IS_DETECTOR (self));

  enabled = !!enabled;
  if (self->new_account_links == enabled)
    return;
  self->new_account_links = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEW_ACCOUNT_LINKS]);
}

void
moderato_detector_set_notify_rant_min_cents (ModeratoDetector *self,
                                             guint             cents)
{
  g_return_if_fail (MODERATO_IS_DETECTOR (self));

  if (self->notify_rant_min_cents == cents)
    return;
  self->notify_rant_min_cents = cents;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTIFY_RANT_MIN_CENTS]);
}

guint64
moderato_detector_get_rant_total_cents (ModeratoDetector *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECTOR (self), 0);
  return self->rant_total_cents;
}

/* ---- Open items --------------------------------------------------------------------- */

GListModel *
moderato_detector_get_highlights (ModeratoDetector *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECTOR (self), NULL);
  return G_LIST_MODEL (self->highlights);
}

GListModel *
moderato_detector_get_waves (ModeratoDetector *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECTOR (self), NULL);
  return G_LIST_MODEL (self->waves);
}

GListModel *
moderato_detector_get_rants (ModeratoDetector *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECTOR (self), NULL);
  return G_LIST_MODEL (self->rants);
}

void
moderato_detector_dismiss (ModeratoDetector *self,
                           gpointer          item)
{
  GListStore *stores[3];
  guint position;

  g_return_if_fail (MODERATO_IS_DETECTOR (self));
  g_return_if_fail (G_IS_OBJECT (item));

  stores[0] = self->highlights;
  stores[1] = self->waves;
  stores[2] = self->rants;
  /* g_list_store_find() wants an item of the store's type. */
  for (guint i = 0; i < G_N_ELEMENTS (stores); i++)
    if (G_TYPE_CHECK_INSTANCE_TYPE (item,
                                    g_list_model_get_item_type (G_LIST_MODEL (stores[i]))) &&
        g_list_store_find (stores[i], item, &position))
      {
        g_list_store_remove (stores[i], position);
        return;
      }
}

ModeratoSpamWave *
moderato_detector_lookup_wave (ModeratoDetector *self,
                               const char       *wave_id)
{
  GPtrArray *open;

  g_return_val_if_fail (MODERATO_IS_DETECTOR (self), NULL);
  g_return_val_if_fail (wave_id != NULL, NULL);

  open = moderato_wave_finder_get_open (self->finder);
  for (guint i = 0; i < open->len; i++)
    if (g_str_equal (moderato_spam_wave_get_id (g_ptr_array_index (open, i)), wave_id))
      return g_ptr_array_index (open, i);
  return NULL;
}

/* ---- Settings ----------------------------------------------------------------------- */

GSettings *
moderato_detect_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  /* An older installed schema without the keys is as good as none. */
  if (schema == NULL || !g_settings_schema_has_key (schema, "highlight-rules"))
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

void
moderato_detector_apply_settings (ModeratoDetector  *self,
                                  GSettings         *settings,
                                  GStrv             *out_refused)
{
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GPtrArray) rules = NULL;

  g_return_if_fail (MODERATO_IS_DETECTOR (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  value = g_settings_get_value (settings, "highlight-rules");
  rules = moderato_detect_rules_from_variant (value, out_refused);
  moderato_detector_set_rules (self, rules);
  moderato_detector_set_wave_size (self, g_settings_get_uint (settings, "wave-size"));
  moderato_detector_set_wave_window (self, g_settings_get_uint (settings, "wave-window"));
  moderato_detector_set_notify_rant_min_cents (self, g_settings_get_uint (settings,
                                                                          "notify-rant-min-cents"));
  moderato_detector_set_first_time (self, g_settings_get_boolean (settings,
                                                                  "highlight-first-time"));
}
