/* moderato-user-card.c — a user's card: badges, follower, first and last seen, their messages
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "moderato-user-card"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-bulk-delete.h"
#include "moderato-message-row.h"
#include "moderato-moderation.h"
#include "moderato-user-card.h"
#include "moderato-user-history.h"
#include "moderato-user-row.h"
#include "rumble-text.h"

#define MAX_BADGES 12
/* Height the card never goes below, and what the popover adds around its content (arrow,
 * padding, shadow) with room to spare. */
#define MIN_CONTENT_HEIGHT 160
#define CARD_CHROME_HEIGHT 96

/* What is known of the user's mute. */
typedef enum {
  MUTE_STATE_UNKNOWN,       /* offer both */
  MUTE_STATE_NOT_MUTED,
  MUTE_STATE_MUTED,
} MuteState;

struct _ModeratoUserCard
{
  GtkPopover          parent_instance;

  RumbleChatApi      *chat;
  RumbleUser         *user;
  char               *user_id;
  RumbleChatApi      *held_chat;    /* holds held_user while the card shows it */
  RumbleUser         *held_user;
  gulong              user_notify_id;
  gulong              chat_moderate_id;
  gulong              chat_session_id;

  GtkCustomFilter    *filter;
  GtkFilterListModel *messages;
  RumbleEmotes       *emotes;
  ModeratoImageCache *image_cache;

  GCancellable       *lookup_cancellable;
  RumbleMuteLookup    lookup;         /* of the muted-users records, for user */
  guint               expiry_id;      /* a timed mute ends */
  GCancellable       *delete_cancellable;  /* the running "delete their messages" */

  GtkLabel           *name_label;
  GtkWidget          *badges_box;
  GtkLabel           *follower_label;
  GtkLabel           *first_seen_label;
  GtkLabel           *last_seen_label;
  GtkLabel           *count_label;
  GtkWidget          *muted_label;
  GtkStack           *messages_stack;
  GtkListView        *messages_view;
  GtkWidget          *moderation_box;
  GtkWidget          *mute_buttons_box;
  GPtrArray          *mute_buttons;   /* one per mute choice, in the box */
  GtkWidget          *unmute_button;
  GtkWidget          *copy_name_button;
  GtkWidget          *open_profile_button;
  GtkWidget          *delete_messages_button;
  GtkScrolledWindow  *scroller;
  GtkWidget          *history;        /* ModeratoUserHistory, after the facts */
};

G_DEFINE_FINAL_TYPE (ModeratoUserCard, moderato_user_card, GTK_TYPE_POPOVER)

enum {
  PROP_0,
  PROP_CHAT,
  PROP_USER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Local time of @unix_s: the time alone when today, else date and time. */
static char *
format_seen (gint64 unix_s)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (unix_s <= 0)
    return g_strdup (C_("time", "Never"));

  when = g_date_time_new_from_unix_local (unix_s);
  if (when == NULL)
    return g_strdup (C_("time", "Unknown"));
  now = g_date_time_new_now_local ();

  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    return g_date_time_format (when, "%X");
  return g_date_time_format (when, "%x %X");
}

static gboolean
filter_by_user (gpointer item,
                gpointer user_data)
{
  ModeratoUserCard *self = user_data;

  return self->user_id != NULL &&
         g_strcmp0 (rumble_message_get_user_id (RUMBLE_MESSAGE (item)), self->user_id) == 0;
}

static void
update_messages_stack (ModeratoUserCard *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  gtk_stack_set_visible_child_name (self->messages_stack, n > 0 ? "list" : "empty");
}

/* A shown card keeps its user in the chat's users (and so in the sidebar), whatever the
 * chat evicts. */
static void
update_hold (ModeratoUserCard *self)
{
  gboolean shown = self->chat != NULL && self->user != NULL &&
                   gtk_widget_get_visible (GTK_WIDGET (self));

  if (shown && self->held_chat == self->chat && self->held_user == self->user)
    return;
  if (self->held_chat != NULL)
    rumble_chat_api_release_user (self->held_chat, self->held_user);
  g_clear_object (&self->held_chat);
  g_clear_object (&self->held_user);
  if (!shown)
    return;
  self->held_chat = g_object_ref (self->chat);
  self->held_user = g_object_ref (self->user);
  rumble_chat_api_hold_user (self->held_chat, self->held_user);
}

/* The filter runs over the whole history only while the card is visible. */
static void
attach_messages (ModeratoUserCard *self)
{
  GListModel *source = NULL;

  if (self->chat != NULL && self->user != NULL && gtk_widget_get_visible (GTK_WIDGET (self)))
    source = rumble_chat_api_get_messages (self->chat);

  if (gtk_filter_list_model_get_model (self->messages) != source)
    gtk_filter_list_model_set_model (self->messages, source);
  update_messages_stack (self);
}

static void
update_moderation (ModeratoUserCard *self)
{
  gtk_widget_set_visible (self->moderation_box, moderato_user_card_get_can_moderate (self));
}

static void
update_badges (ModeratoUserCard *self)
{
  const char * const *slugs = self->user != NULL ? rumble_user_get_badges (self->user) : NULL;
  GtkWidget *child;
  guint i;

  while ((child = gtk_widget_get_first_child (self->badges_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->badges_box), child);

  /* Each badge with its label in words: the icon alone says little to a new moderator. */
  for (i = 0; slugs != NULL && slugs[i] != NULL && i < MAX_BADGES; i++)
    {
      GtkWidget *badge = moderato_badge_widget_new (self->chat, slugs[i], NULL);
      const char *label = g_object_get_data (G_OBJECT (badge), "moderato-badge-label");
      GtkWidget *line;
      GtkWidget *text;

      if (GTK_IS_LABEL (badge))
        {
          /* No icon: the badge is its label, shown whole here. */
          gtk_label_set_max_width_chars (GTK_LABEL (badge), -1);
          gtk_label_set_ellipsize (GTK_LABEL (badge), PANGO_ELLIPSIZE_NONE);
          gtk_label_set_wrap (GTK_LABEL (badge), TRUE);
          gtk_widget_set_halign (badge, GTK_ALIGN_START);
          gtk_box_append (GTK_BOX (self->badges_box), badge);
          continue;
        }
      line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      text = gtk_label_new (label);
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_box_append (GTK_BOX (line), badge);
      gtk_box_append (GTK_BOX (line), text);
      gtk_box_append (GTK_BOX (self->badges_box), line);
    }
  gtk_widget_set_visible (self->badges_box, i > 0);
}

static void
update_facts (ModeratoUserCard *self)
{
  RumbleUser *user = self->user;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  char count[16];

  if (user == NULL)
    return;

  gtk_label_set_text (self->follower_label,
                      rumble_user_get_is_follower (user) ? _("Yes") : _("No"));
  first = format_seen (rumble_user_get_first_seen (user));
  last = format_seen (rumble_user_get_last_seen (user));
  gtk_label_set_text (self->first_seen_label, first);
  gtk_label_set_text (self->last_seen_label, last);
  g_snprintf (count, sizeof count, "%u", rumble_user_get_message_count (user));
  gtk_label_set_text (self->count_label, count);
}

/* Muted as far as this session knows: a mute seen or made, unless its time is over. */
static gboolean
muted_in_session (RumbleUser *user,
                  gint64      now)
{
  if (!rumble_user_get_muted (user))
    return FALSE;
  return rumble_user_get_mute_term (user) != RUMBLE_MUTE_TERM_UNTIL ||
         rumble_user_get_muted_until (user) > now;
}

static MuteState
mute_state (ModeratoUserCard *self,
            gint64            now)
{
  if (self->user == NULL)
    return MUTE_STATE_UNKNOWN;
  if (muted_in_session (self->user, now))
    return MUTE_STATE_MUTED;
  switch (self->lookup)
    {
    case RUMBLE_MUTE_LOOKUP_MUTED:
      return MUTE_STATE_MUTED;
    case RUMBLE_MUTE_LOOKUP_NOT_MUTED:
      return MUTE_STATE_NOT_MUTED;
    case RUMBLE_MUTE_LOOKUP_UNKNOWN:
    default:
      return MUTE_STATE_UNKNOWN;
    }
}

/* "Muted forever", "Muted for this stream", "Muted until 21:40"; what this client did or
 * saw, else what Rumble's records say. */
static char *
describe_mute (ModeratoUserCard *self,
               gint64            now)
{
  if (!muted_in_session (self->user, now))
    return g_strdup (_("On Rumble’s list of muted users"));

  switch (rumble_user_get_mute_term (self->user))
    {
    case RUMBLE_MUTE_TERM_FOREVER:
      return g_strdup (_("Muted forever"));
    case RUMBLE_MUTE_TERM_STREAM:
      return g_strdup (_("Muted for this stream"));
    case RUMBLE_MUTE_TERM_UNTIL:
      {
        g_autoptr(GDateTime) until =
          g_date_time_new_from_unix_local (rumble_user_get_muted_until (self->user));
        g_autofree char *time = until != NULL ? g_date_time_format (until, "%H:%M") : NULL;

        /* TRANSLATORS: %s is a time of day, "21:40" */
        return time != NULL ? g_strdup_printf (_("Muted until %s"), time)
                            : g_strdup (_("Muted in this chat"));
      }
    case RUMBLE_MUTE_TERM_UNKNOWN:
    default:
      return g_strdup (_("Muted in this chat"));
    }
}

static void update_mute (ModeratoUserCard *self);

static gboolean
mute_expired (gpointer user_data)
{
  ModeratoUserCard *self = user_data;

  self->expiry_id = 0;
  update_mute (self);
  return G_SOURCE_REMOVE;
}

/* The muted line, and Mute or Unmute as what is known says (both while unknown). */
static void
update_mute (ModeratoUserCard *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  MuteState state = mute_state (self, now);

  g_clear_handle_id (&self->expiry_id, g_source_remove);
  if (state == MUTE_STATE_MUTED)
    {
      g_autofree char *text = describe_mute (self, now);

      gtk_label_set_text (GTK_LABEL (self->muted_label), text);
    }
  else
    gtk_label_set_text (GTK_LABEL (self->muted_label), _("Muted in this chat"));
  gtk_widget_set_visible (self->muted_label, state == MUTE_STATE_MUTED);

  for (guint i = 0; i < self->mute_buttons->len; i++)
    gtk_widget_set_visible (g_ptr_array_index (self->mute_buttons, i),
                            state != MUTE_STATE_MUTED);
  gtk_widget_set_visible (self->unmute_button, state != MUTE_STATE_NOT_MUTED);

  /* A timed mute ends by itself: offer Mute again then. */
  if (self->user != NULL && muted_in_session (self->user, now) &&
      rumble_user_get_mute_term (self->user) == RUMBLE_MUTE_TERM_UNTIL)
    self->expiry_id = g_timeout_add_seconds ((guint) MIN (rumble_user_get_muted_until (self->user) -
                                                          now + 1, G_MAXINT),
                                             mute_expired, self);
}

static void
on_lookup_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ModeratoUserCard) self = user_data;
  g_autoptr(GError) error = NULL;
  RumbleMuteLookup answer;

  answer = rumble_chat_api_lookup_mute_finish (RUMBLE_CHAT_API (source), result, &error);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the muted users: %s", error->message);
      return;
    }
  g_clear_object (&self->lookup_cancellable);
  self->lookup = answer;
  update_mute (self);
}

/* Asks Rumble's muted-users records while the card shows a user to a moderator. */
static void
start_lookup (ModeratoUserCard *self)
{
  const char *name;

  if (self->lookup_cancellable != NULL)
    g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  self->lookup = RUMBLE_MUTE_LOOKUP_UNKNOWN;

  name = self->user != NULL ? rumble_user_get_username (self->user) : NULL;
  if (name != NULL && gtk_widget_get_visible (GTK_WIDGET (self)) &&
      moderato_user_card_get_can_moderate (self))
    {
      self->lookup_cancellable = g_cancellable_new ();
      rumble_chat_api_lookup_mute_async (self->chat, name, self->lookup_cancellable,
                                         on_lookup_done, g_object_ref (self));
    }
  update_mute (self);
}

static void
update_targets (ModeratoUserCard *self)
{
  const char *name = "";
  const char *id = "";
  g_autofree char *shown = NULL;

  if (self->user != NULL)
    {
      if (rumble_user_get_username (self->user) != NULL)
        name = rumble_user_get_username (self->user);
      id = rumble_user_get_id (self->user);
    }

  /* Shown in an isolate (bidi controls stay inside); the actions take the name itself. */
  shown = rumble_text_isolate (name);
  gtk_label_set_text (self->name_label, shown);

  for (guint i = 0; i < self->mute_buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->mute_buttons, i);
      const RumbleMuteChoice *choice = g_object_get_data (G_OBJECT (button),
                                                          "moderato-mute-choice");

      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              moderato_moderation_mute_target (name, "user",
                                                                               choice));
    }
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->unmute_button),
                                          g_variant_new_string (name));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->copy_name_button),
                                          g_variant_new_string (name));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->open_profile_button),
                                          g_variant_new_string (id));
}

static void
on_user_notify (RumbleUser       *user,
                GParamSpec       *pspec,
                ModeratoUserCard *self)
{
  if (g_str_equal (pspec->name, "badges"))
    update_badges (self);
  else if (g_str_equal (pspec->name, "username"))
    update_targets (self);
  else if (g_str_equal (pspec->name, "muted"))
    start_lookup (self);   /* muted or unmuted: the records changed too */
  else if (g_str_equal (pspec->name, "mute-term") || g_str_equal (pspec->name, "muted-until"))
    update_mute (self);
  else
    update_facts (self);
}

static void
on_chat_moderation_changed (RumbleChatApi    *chat,
                            GParamSpec       *pspec,
                            ModeratoUserCard *self)
{
  update_moderation (self);
  start_lookup (self);
}

static void
on_messages_items_changed (GListModel       *model,
                           guint             position,
                           guint             removed,
                           guint             added,
                           ModeratoUserCard *self)
{
  update_messages_stack (self);
}

/* Message list rows: the chat's own rows (emotes, links, deleted and muted looks). */
static void
setup_message (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               ModeratoUserCard         *self)
{
  GtkWidget *row = moderato_message_row_new ();

  moderato_message_row_set_chat (MODERATO_MESSAGE_ROW (row), self->chat);
  moderato_message_row_set_image_cache (MODERATO_MESSAGE_ROW (row), self->image_cache);
  moderato_message_row_set_emotes (MODERATO_MESSAGE_ROW (row), self->emotes);
  moderato_message_row_set_show_timestamps (MODERATO_MESSAGE_ROW (row), TRUE);
  gtk_list_item_set_child (item, row);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_message (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              ModeratoUserCard         *self)
{
  moderato_message_row_set_message (MODERATO_MESSAGE_ROW (gtk_list_item_get_child (item)),
                                    gtk_list_item_get_item (item));
}

static void
teardown_message (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  ModeratoUserCard         *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  if (row != NULL)
    moderato_message_row_set_message (MODERATO_MESSAGE_ROW (row), NULL);
}

/* New rows for a new context (chat, emotes, images): it changes seldom. */
static void
reset_message_rows (ModeratoUserCard *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_message), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_message), self);
  g_signal_connect (factory, "teardown", G_CALLBACK (teardown_message), self);
  gtk_list_view_set_factory (self->messages_view, factory);
}

/* One "delete their messages" run: who, and where to say how it went. */
typedef struct {
  GWeakRef  card;
  GWeakRef  toasts;
  char     *name;
} BulkRun;

static void
bulk_run_free (BulkRun *run)
{
  g_weak_ref_clear (&run->card);
  g_weak_ref_clear (&run->toasts);
  g_free (run->name);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BulkRun, bulk_run_free)

static void
on_bulk_delete_done (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(BulkRun) run = user_data;
  g_autoptr(ModeratoUserCard) card = g_weak_ref_get (&run->card);
  g_autoptr(AdwToastOverlay) toasts = g_weak_ref_get (&run->toasts);
  g_autoptr(GError) error = NULL;
  ModeratoBulkDeleteTally tally;
  g_autofree char *summary = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;
  gboolean done;

  done = moderato_bulk_delete_finish (RUMBLE_CHAT_API (source), result, &tally, &error);
  if (card != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_object (&card->delete_cancellable);
      gtk_widget_set_sensitive (card->delete_messages_button, TRUE);
    }
  if (!done)
    return;   /* cancelled: the chat changed */

  summary = moderato_bulk_delete_summary (&tally);
  g_debug ("Deleted the messages of a user: %s", summary);
  if (toasts == NULL)
    return;
  /* TRANSLATORS: "Messages of “FernGuard”: 12 deleted, 1 failed" */
  title = g_strdup_printf (_("Messages of “%s”: %s"), run->name, summary);
  /* Toast titles are Pango markup in libadwaita 1.2: the name is network text. */
  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 8);
  if (tally.failed > 0 || tally.maybe > 0)
    adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (toasts, toast);
}

/* Every message of the user still in the history, one request each, never retried. */
static void
on_delete_messages_clicked (GtkButton        *button,
                            ModeratoUserCard *self)
{
  g_auto(GStrv) ids = NULL;
  BulkRun *run;

  if (!moderato_user_card_get_can_moderate (self) || self->delete_cancellable != NULL)
    return;

  ids = moderato_bulk_delete_collect (rumble_chat_api_get_messages (self->chat), self->user_id);
  run = g_new0 (BulkRun, 1);
  g_weak_ref_init (&run->card, self);
  g_weak_ref_init (&run->toasts, gtk_widget_get_ancestor (GTK_WIDGET (self),
                                                          ADW_TYPE_TOAST_OVERLAY));
  run->name = g_strdup (rumble_user_get_username (self->user));
  if (run->name == NULL)
    run->name = g_strdup (self->user_id);
  self->delete_cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (self->delete_messages_button, FALSE);
  moderato_bulk_delete_async (self->chat, (const char * const *) ids, self->delete_cancellable,
                              on_bulk_delete_done, run);
}

/* Stops the run of "delete their messages" (the chat changed, or the card goes). */
static void
cancel_bulk_delete (ModeratoUserCard *self)
{
  if (self->delete_cancellable == NULL)
    return;
  g_cancellable_cancel (self->delete_cancellable);
  g_clear_object (&self->delete_cancellable);
  gtk_widget_set_sensitive (self->delete_messages_button, TRUE);
}

/* The ledger's history of the user, loaded each time the card shows it. */
static void
update_history (ModeratoUserCard *self)
{
  if (self->user == NULL || !gtk_widget_get_visible (GTK_WIDGET (self)))
    return;
  moderato_user_history_set_user (MODERATO_USER_HISTORY (self->history), self->user_id,
                                  rumble_user_get_username (self->user));
}

static void
moderato_user_card_show (GtkWidget *widget)
{
  ModeratoUserCard *self = MODERATO_USER_CARD (widget);

  GTK_WIDGET_CLASS (moderato_user_card_parent_class)->show (widget);
  attach_messages (self);
  update_hold (self);
  start_lookup (self);
  update_history (self);
}

static void
moderato_user_card_hide (GtkWidget *widget)
{
  ModeratoUserCard *self = MODERATO_USER_CARD (widget);

  GTK_WIDGET_CLASS (moderato_user_card_parent_class)->hide (widget);
  attach_messages (self);
  update_hold (self);
  start_lookup (self);   /* stops the one in flight */
}

static void
moderato_user_card_dispose (GObject *object)
{
  ModeratoUserCard *self = MODERATO_USER_CARD (object);

  moderato_user_card_set_user (self, NULL);
  moderato_user_card_set_chat (self, NULL);
  g_clear_handle_id (&self->expiry_id, g_source_remove);
  g_clear_object (&self->emotes);
  g_clear_object (&self->image_cache);
  if (self->messages != NULL)
    gtk_filter_list_model_set_model (self->messages, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MODERATO_TYPE_USER_CARD);
  g_clear_object (&self->messages);

  G_OBJECT_CLASS (moderato_user_card_parent_class)->dispose (object);
}

static void
moderato_user_card_finalize (GObject *object)
{
  ModeratoUserCard *self = MODERATO_USER_CARD (object);

  g_free (self->user_id);
  g_ptr_array_unref (self->mute_buttons);

  G_OBJECT_CLASS (moderato_user_card_parent_class)->finalize (object);
}

static void
moderato_user_card_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ModeratoUserCard *self = MODERATO_USER_CARD (object);

  switch (prop_id)
    {
    case PROP_CHAT:
      g_value_set_object (value, self->chat);
      break;
    case PROP_USER:
      g_value_set_object (value, self->user);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_user_card_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ModeratoUserCard *self = MODERATO_USER_CARD (object);

  switch (prop_id)
    {
    case PROP_CHAT:
      moderato_user_card_set_chat (self, g_value_get_object (value));
      break;
    case PROP_USER:
      moderato_user_card_set_user (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_user_card_class_init (ModeratoUserCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moderato_user_card_dispose;
  object_class->finalize = moderato_user_card_finalize;
  object_class->get_property = moderato_user_card_get_property;
  object_class->set_property = moderato_user_card_set_property;

  widget_class->show = moderato_user_card_show;
  widget_class->hide = moderato_user_card_hide;

  properties[PROP_CHAT] =
    g_param_spec_object ("chat", NULL, NULL,
                         RUMBLE_TYPE_CHAT_API,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
    g_param_spec_object ("user", NULL, NULL,
                         RUMBLE_TYPE_USER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/moderato-user-card.ui");
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, badges_box);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, follower_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, first_seen_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, last_seen_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, count_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, muted_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, messages_stack);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, messages_view);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, moderation_box);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, mute_buttons_box);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, unmute_button);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, copy_name_button);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, open_profile_button);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, delete_messages_button);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, scroller);
  gtk_widget_class_bind_template_callback (widget_class, on_delete_messages_clicked);
}

static void
moderato_user_card_init (ModeratoUserCard *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* After the facts grid, before "Messages in This Session". */
  self->history = moderato_user_history_new ();
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->messages_stack))),
                              self->history,
                              gtk_widget_get_prev_sibling (
                                gtk_widget_get_prev_sibling (GTK_WIDGET (self->messages_stack))));

  self->mute_buttons = g_ptr_array_new ();
  for (const RumbleMuteChoice *choice = rumble_mute_choices (); choice->id != NULL; choice++)
    {
      GtkWidget *button = gtk_button_new_with_label (_(choice->button_label));

      /* Forever is the one that cannot be undone by waiting. */
      if (choice->scope == RUMBLE_MUTE_SCOPE_TOTAL)
        gtk_widget_add_css_class (button, "destructive-action");
      g_object_set_data (G_OBJECT (button), "moderato-mute-choice", (gpointer) choice);
      gtk_box_insert_child_after (GTK_BOX (self->mute_buttons_box), button,
                                  gtk_widget_get_prev_sibling (self->unmute_button));
      g_ptr_array_add (self->mute_buttons, button);
    }

  self->filter = gtk_custom_filter_new (filter_by_user, self, NULL);
  self->messages = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  g_signal_connect (self->messages, "items-changed", G_CALLBACK (on_messages_items_changed), self);

  reset_message_rows (self);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->messages)));
  gtk_list_view_set_model (self->messages_view, GTK_SELECTION_MODEL (selection));

  /* Targets first: an action name without its (ssus) target would warn. */
  update_targets (self);
  for (guint i = 0; i < self->mute_buttons->len; i++)
    gtk_actionable_set_action_name (g_ptr_array_index (self->mute_buttons, i), "win.mute");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->unmute_button), "win.unmute");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->copy_name_button), "win.copy-username");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->open_profile_button), "win.open-profile");

  update_moderation (self);
  update_messages_stack (self);
}

GtkWidget *
moderato_user_card_new (void)
{
  return g_object_new (MODERATO_TYPE_USER_CARD, NULL);
}

RumbleChatApi *
moderato_user_card_get_chat (ModeratoUserCard *self)
{
  g_return_val_if_fail (MODERATO_IS_USER_CARD (self), NULL);

  return self->chat;
}

void
moderato_user_card_set_chat (ModeratoUserCard *self,
                             RumbleChatApi    *chat)
{
  g_return_if_fail (MODERATO_IS_USER_CARD (self));
  g_return_if_fail (chat == NULL || RUMBLE_IS_CHAT_API (chat));

  if (self->chat == chat)
    return;

  cancel_bulk_delete (self);
  if (self->chat != NULL)
    {
      g_clear_signal_handler (&self->chat_moderate_id, self->chat);
      g_clear_signal_handler (&self->chat_session_id, self->chat);
    }
  g_set_object (&self->chat, chat);
  reset_message_rows (self);
  if (chat != NULL)
    {
      self->chat_moderate_id = g_signal_connect (chat, "notify::can-moderate",
                                                 G_CALLBACK (on_chat_moderation_changed), self);
      self->chat_session_id = g_signal_connect (chat, "notify::session",
                                                G_CALLBACK (on_chat_moderation_changed), self);
    }

  attach_messages (self);
  update_hold (self);
  update_badges (self);
  update_moderation (self);
  start_lookup (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAT]);
}

RumbleUser *
moderato_user_card_get_user (ModeratoUserCard *self)
{
  g_return_val_if_fail (MODERATO_IS_USER_CARD (self), NULL);

  return self->user;
}

void
moderato_user_card_set_user (ModeratoUserCard *self,
                             RumbleUser       *user)
{
  g_return_if_fail (MODERATO_IS_USER_CARD (self));
  g_return_if_fail (user == NULL || RUMBLE_IS_USER (user));

  if (self->user == user)
    return;

  if (self->user != NULL)
    g_clear_signal_handler (&self->user_notify_id, self->user);
  g_set_object (&self->user, user);
  g_free (self->user_id);
  self->user_id = user != NULL ? g_strdup (rumble_user_get_id (user)) : NULL;
  if (user != NULL)
    self->user_notify_id = g_signal_connect (user, "notify", G_CALLBACK (on_user_notify), self);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  attach_messages (self);
  update_hold (self);
  update_targets (self);
  update_badges (self);
  update_facts (self);
  update_moderation (self);
  start_lookup (self);
  update_history (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
}

GListModel *
moderato_user_card_get_messages (ModeratoUserCard *self)
{
  g_return_val_if_fail (MODERATO_IS_USER_CARD (self), NULL);

  return G_LIST_MODEL (self->messages);
}

gboolean
moderato_user_card_get_can_moderate (ModeratoUserCard *self)
{
  g_return_val_if_fail (MODERATO_IS_USER_CARD (self), FALSE);

  return self->user != NULL && moderato_moderation_allowed (self->chat);
}

void
moderato_user_card_set_emotes (ModeratoUserCard *self,
                               RumbleEmotes     *emotes)
{
  g_return_if_fail (MODERATO_IS_USER_CARD (self));

  if (g_set_object (&self->emotes, emotes))
    reset_message_rows (self);
}

void
moderato_user_card_set_image_cache (ModeratoUserCard   *self,
                                    ModeratoImageCache *cache)
{
  g_return_if_fail (MODERATO_IS_USER_CARD (self));

  if (g_set_object (&self->image_cache, cache))
    reset_message_rows (self);
}

void
moderato_user_card_set_max_height (ModeratoUserCard *self,
                                   int               height)
{
  int content = MAX (MIN_CONTENT_HEIGHT, height - CARD_CHROME_HEIGHT);

  g_return_if_fail (MODERATO_IS_USER_CARD (self));

  if (gtk_scrolled_window_get_max_content_height (self->scroller) != content)
    gtk_scrolled_window_set_max_content_height (self->scroller, content);
}
