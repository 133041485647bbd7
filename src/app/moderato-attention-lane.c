/* moderato-attention-lane.c — what needs a moderator, above the chat
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A compact strip over the chat: a header with the count (a toggle that folds the rest
 * away) and the rants strip, then one chip per open highlight (scrolling sideways) and one
 * card per spam wave. A chip leaves when its message is deleted, its author muted, or on
 * its close button; a wave card when the moderator acted on all of it or closed it, or when
 * a new wave needs its place (MODERATO_ATTENTION_LANE_MAX_WAVE_CARDS: on a flood of
 * look-alike texts one wave follows another, and each card is a dozen widgets, its wave's
 * member lists and the stubs of its rows).
 *
 * The lane also keeps what the chat's rows show of it, by message id: the highlight colour
 * (the last MAX_COLOR_MARKS highlights, dismissed or not) and the one-line stub of the
 * members of an open wave card. Rows are recycled, so the chat view asks on every bind
 * (moderato_attention_lane_decorate_row(), one hash lookup each).
 */
#define G_LOG_DOMAIN "moderato-attention-lane"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-attention-lane.h"
#include "moderato-beat.h"
#include "moderato-bulk-delete.h"
#include "moderato-lazy-tooltip.h"
#include "moderato-moderation.h"
#include "moderato-rants-strip.h"
#include "rumble-mute-choice.h"
#include "rumble-text.h"

#define MAX_COLOR_MARKS 1000
/* Chips shown: the newest highlights (the header counts them all). A chip is a few widgets
 * with tooltips; on a flood hundreds of them, rebuilt per highlight, cost more than the
 * chat itself. */
#define MAX_CHIPS       12
/* The chips follow the highlights at most this often (ms): at once when quiet, otherwise
 * once at the end of the interval. */
#define CHIPS_INTERVAL_MS 250
/* Bytes of a message shown in a chip. */
#define CHIP_TEXT_MAX_BYTES 80

struct _ModeratoAttentionLane
{
  GtkWidget           parent_instance;

  /* Template */
  GtkWidget          *header;
  GtkWidget          *expand_button;
  GtkLabel           *count_label;
  ModeratoRantsStrip *rants_strip;
  GtkWidget          *revealer;
  GtkWidget          *chips_scroller;
  GtkWidget          *chips_box;
  GtkWidget          *waves_scroller;
  GtkWidget          *waves_box;

  ModeratoDetector   *detector;
  GListModel         *highlights;
  GSignalGroup       *chat_signals;
  GCancellable       *cancellable;   /* the runs of Delete All and Mute All */
  AdwToastOverlay    *toasts;        /* weak */
  GSettings          *settings;

  GHashTable         *colors;        /* message id → "#rrggbb" */
  GQueue              color_order;   /* message ids of colors, oldest first */
  GHashTable         *collapsed;     /* message id → stub text */
  GHashTable         *wave_cards;    /* wave id → ModeratoWaveCard (children of waves_box) */

  GPtrArray          *items;         /* the highlights model mirrored (refs), for item-handled */
  GHashTable         *stale_cards;   /* ModeratoWaveCard set: a grown wave, not shown yet */
  gint64              chips_built;   /* monotonic µs of the last update of the chips */
};

enum {
  MARKS_CHANGED,
  ITEM_HANDLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ModeratoAttentionLane, moderato_attention_lane, GTK_TYPE_WIDGET)

/* The colour of a highlight: its rule's, else one per kind. */
static const char *
highlight_color (ModeratoHighlight *highlight)
{
  const char *color = moderato_highlight_get_color (highlight);

  if (color != NULL)
    return color;

  switch (moderato_highlight_get_kind (highlight))
    {
    case MODERATO_HIGHLIGHT_MENTION:
      return "#3584e4";
    case MODERATO_HIGHLIGHT_WATCHED:
      return "#9141ac";
    case MODERATO_HIGHLIGHT_NEW_ACCOUNT_LINK:
      return "#e66100";
    case MODERATO_HIGHLIGHT_FIRST_TIME:
      return "#2ec27e";
    case MODERATO_HIGHLIGHT_KEYWORD:
    case MODERATO_HIGHLIGHT_REGEX:
    default:
      return "#e5a50a";
    }
}

static guint
n_items (ModeratoAttentionLane *self)
{
  return (self->highlights != NULL ? g_list_model_get_n_items (self->highlights) : 0) +
         g_hash_table_size (self->wave_cards);
}

static void
update_visibility (ModeratoAttentionLane *self)
{
  guint n = n_items (self);
  g_autofree char *count = NULL;

  /* Translators: the attention lane's header. */
  count = g_strdup_printf (ngettext ("%u needs attention", "%u need attention", n), n);
  gtk_label_set_text (self->count_label, count);
  gtk_widget_set_visible (self->expand_button, n > 0);
  gtk_widget_set_visible (self->revealer, n > 0);
  gtk_widget_set_visible (self->chips_scroller,
                          self->highlights != NULL &&
                          g_list_model_get_n_items (self->highlights) > 0);
  gtk_widget_set_visible (self->waves_scroller, g_hash_table_size (self->wave_cards) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self),
                          n > 0 || gtk_widget_get_visible (GTK_WIDGET (self->rants_strip)));
}

static void
add_color_mark (ModeratoAttentionLane *self,
                const char            *message_id,
                const char            *color)
{
  if (g_hash_table_contains (self->colors, message_id))
    return;

  if (g_queue_get_length (&self->color_order) >= MAX_COLOR_MARKS)
    {
      g_autofree char *oldest = g_queue_pop_head (&self->color_order);

      g_hash_table_remove (self->colors, oldest);
    }
  g_hash_table_insert (self->colors, g_strdup (message_id), g_strdup (color));
  g_queue_push_tail (&self->color_order, g_strdup (message_id));
}

/* Chips */

static ModeratoHighlight *
chip_highlight (GtkWidget *chip)
{
  return g_object_get_data (G_OBJECT (chip), "moderato-highlight");
}

static void
chip_close_cb (GtkWidget             *button,
               ModeratoAttentionLane *self)
{
  GtkWidget *chip = gtk_widget_get_parent (button);
  ModeratoHighlight *highlight = chip_highlight (chip);

  if (self->detector != NULL && highlight != NULL)
    moderato_detector_dismiss (self->detector, highlight);
}

static GtkWidget *
chip_new (ModeratoAttentionLane *self,
          ModeratoHighlight     *highlight)
{
  GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *open = gtk_button_new ();
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *close = gtk_button_new_from_icon_name ("window-close-symbolic");
  const char *user_id = moderato_highlight_get_user_id (highlight);
  g_autofree char *name = rumble_text_isolate (moderato_highlight_get_username (highlight));
  g_autofree char *clean = rumble_text_clean (moderato_highlight_get_text (highlight),
                                              CHIP_TEXT_MAX_BYTES);
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  /* Translators: a highlight in the attention lane: the author, then the message. */
  text = g_strdup_printf (_("%s: %s"), name, clean != NULL ? clean : "");
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_button_set_child (GTK_BUTTON (open), label);
  gtk_widget_add_css_class (open, "flat");
  /* Translators: %s is why a message is highlighted (a rule's name, "mention"…). */
  tooltip = g_strdup_printf (_("Highlighted: %s. Show the author’s card"),
                             moderato_highlight_get_rule_name (highlight));
  moderato_widget_set_lazy_tooltip (open, tooltip);
  if (user_id != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (open), "s", user_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (open), user_id != NULL ? "win.show-user" : NULL);

  gtk_widget_add_css_class (close, "flat");
  gtk_widget_add_css_class (close, "circular");
  moderato_widget_set_lazy_tooltip (close, _("Dismiss"));
  gtk_widget_set_valign (close, GTK_ALIGN_CENTER);
  g_signal_connect (close, "clicked", G_CALLBACK (chip_close_cb), self);

  gtk_box_append (GTK_BOX (chip), open);
  gtk_box_append (GTK_BOX (chip), close);
  gtk_widget_add_css_class (chip, "attention-chip");
  gtk_widget_add_css_class (chip, moderato_highlight_get_kind_nick (highlight));
  g_object_set_data_full (G_OBJECT (chip), "moderato-highlight", g_object_ref (highlight),
                          g_object_unref);
  return chip;
}

/* The newest MAX_CHIPS highlights as chips, oldest first. Chips that stay are kept: a new
 * chip costs a few widgets and two tooltips (each tooltip asks the display server where the
 * pointer is, a round trip), so a flood of highlights only adds the newest and drops the
 * oldest. */
static void
rebuild_chips (ModeratoAttentionLane *self)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (NULL, NULL);
  guint first = self->items->len > MAX_CHIPS ? self->items->len - MAX_CHIPS : 0;
  GtkWidget *child;
  GtkWidget *prev = NULL;

  self->chips_built = g_get_monotonic_time ();
  for (guint i = first; i < self->items->len; i++)
    g_hash_table_add (wanted, g_ptr_array_index (self->items, i));

  child = gtk_widget_get_first_child (self->chips_box);
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (!g_hash_table_contains (wanted, chip_highlight (child)))
        gtk_box_remove (GTK_BOX (self->chips_box), child);
      child = next;
    }

  /* What is left is in the items' order: merge the missing ones in. */
  child = gtk_widget_get_first_child (self->chips_box);
  for (guint i = first; i < self->items->len; i++)
    {
      ModeratoHighlight *highlight = g_ptr_array_index (self->items, i);

      if (child != NULL && chip_highlight (child) == highlight)
        {
          prev = child;
          child = gtk_widget_get_next_sibling (child);
        }
      else
        {
          GtkWidget *chip = chip_new (self, highlight);

          gtk_box_insert_child_after (GTK_BOX (self->chips_box), chip, prev);
          prev = chip;
        }
    }
  /* The header's count goes with the chips: a new label text resizes the window. */
  update_visibility (self);
}

/* The chips, and the cards of waves that grew: what a flood changes all the time. */
static void
update_lane (ModeratoAttentionLane *self)
{
  GHashTableIter iter;
  gpointer card;

  rebuild_chips (self);
  g_hash_table_iter_init (&iter, self->stale_cards);
  while (g_hash_table_iter_next (&iter, &card, NULL))
    {
      g_hash_table_iter_remove (&iter);
      moderato_wave_card_update (card);
    }
}

static void
update_lane_cb (gpointer user_data)
{
  update_lane (user_data);
}

/* At once when quiet, otherwise on the window's beat (moderato-beat.c). */
static void
queue_rebuild_chips (ModeratoAttentionLane *self)
{
  moderato_beat_schedule (&self->chips_built, CHIPS_INTERVAL_MS, update_lane_cb, self);
}

static void
highlights_changed_cb (GListModel            *model,
                       guint                  position,
                       guint                  removed,
                       guint                  added,
                       ModeratoAttentionLane *self)
{
  g_autoptr(GPtrArray) handled = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_before = self->items->len;
  guint first_chip = n_before > MAX_CHIPS ? n_before - MAX_CHIPS : 0;

  /* The mirror says which highlights left, for item-handled (notifications). */
  for (guint i = 0; i < removed && position + i < self->items->len; i++)
    g_ptr_array_add (handled, g_object_ref (g_ptr_array_index (self->items, position + i)));
  g_ptr_array_remove_range (self->items, position, MIN (removed, self->items->len - position));
  for (guint i = 0; i < added; i++)
    {
      ModeratoHighlight *highlight = g_list_model_get_item (model, position + i);

      add_color_mark (self, moderato_highlight_get_message_id (highlight),
                      highlight_color (highlight));
      g_ptr_array_insert (self->items, position + i, highlight);
    }

  /* A highlight handled (acted on, dismissed) leaves at once; arrivals are coalesced, and
   * so are the oldest leaving a full list under a flood, since they have no chip. */
  if (added == 0 && position + removed > first_chip)
    {
      moderato_beat_cancel (update_lane_cb, self);
      update_lane (self);
    }
  else
    queue_rebuild_chips (self);
  for (guint i = 0; i < handled->len; i++)
    g_signal_emit (self, signals[ITEM_HANDLED], 0, g_ptr_array_index (handled, i));
  if (added > 0)
    g_signal_emit (self, signals[MARKS_CHANGED], 0);
}

/* A muted author's highlights are handled. */
static void
users_muted_cb (ModeratoAttentionLane *self,
                GStrv                  user_ids)
{
  g_autoptr(GPtrArray) muted = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->highlights == NULL || user_ids == NULL)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (self->highlights); i++)
    {
      g_autoptr(ModeratoHighlight) highlight = g_list_model_get_item (self->highlights, i);
      const char *user_id = moderato_highlight_get_user_id (highlight);

      if (user_id != NULL && g_strv_contains ((const char * const *) user_ids, user_id))
        g_ptr_array_add (muted, g_steal_pointer (&highlight));
    }
  for (guint i = 0; i < muted->len; i++)
    moderato_detector_dismiss (self->detector, g_ptr_array_index (muted, i));
}

/* Wave cards */

/* @newest_only: the wave grew by one, the last id listed (if it was listed at all). */
static void
add_wave_marks (ModeratoAttentionLane *self,
                ModeratoSpamWave      *wave,
                gboolean               newest_only)
{
  const char * const *ids = moderato_spam_wave_get_message_ids (wave);
  guint n = g_strv_length ((char **) ids);
  g_autofree char *stub = NULL;

  /* Translators: a chat row folded into a spam wave's card; %s is its id, e.g. "w3". */
  stub = g_strdup_printf (_("In spam wave %s, shown above"), moderato_spam_wave_get_id (wave));
  for (guint i = newest_only && n > 0 ? n - 1 : 0; ids[i] != NULL; i++)
    if (!g_hash_table_contains (self->collapsed, ids[i]))
      g_hash_table_insert (self->collapsed, g_strdup (ids[i]), g_strdup (stub));
}

static void
remove_card (ModeratoAttentionLane *self,
             ModeratoWaveCard      *card)
{
  g_autoptr(ModeratoSpamWave) wave = g_object_ref (moderato_wave_card_get_wave (card));
  const char * const *ids = moderato_spam_wave_get_message_ids (wave);

  if (!g_hash_table_remove (self->wave_cards, moderato_spam_wave_get_id (wave)))
    return;
  g_hash_table_remove (self->stale_cards, card);

  for (guint i = 0; ids[i] != NULL; i++)
    g_hash_table_remove (self->collapsed, ids[i]);
  gtk_box_remove (GTK_BOX (self->waves_box), GTK_WIDGET (card));
  if (self->detector != NULL)
    moderato_detector_dismiss (self->detector, wave);

  update_visibility (self);
  g_signal_emit (self, signals[ITEM_HANDLED], 0, wave);
  g_signal_emit (self, signals[MARKS_CHANGED], 0);
}

typedef struct {
  ModeratoAttentionLane *lane;
  ModeratoWaveCard      *card;
  gboolean               mute;
} WaveRun;

static void
wave_run_free (WaveRun *run)
{
  g_clear_object (&run->lane);
  g_clear_object (&run->card);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WaveRun, wave_run_free)

static void
add_toast (ModeratoAttentionLane *self,
           const char            *plain_text)
{
  g_autofree char *escaped = g_markup_escape_text (plain_text, -1);
  AdwToast *toast;

  if (self->toasts == NULL)
    return;
  /* Toast titles are markup in libadwaita 1.2. */
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static void
wave_run_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WaveRun) run = user_data;
  ModeratoBulkDeleteTally tally = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;

  if (!moderato_bulk_delete_finish (RUMBLE_CHAT_API (source), result, &tally, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  summary = run->mute ? moderato_bulk_mute_summary (&tally) :
                        moderato_bulk_delete_summary (&tally);
  /* Translators: %s is a wave's id ("w3"), then "11 deleted, 1 failed". */
  text = g_strdup_printf (_("Spam wave %s: %s"),
                          moderato_spam_wave_get_id (moderato_wave_card_get_wave (run->card)),
                          summary);
  add_toast (run->lane, text);

  moderato_wave_card_set_busy (run->card, FALSE);
  /* Acted on: the wave is handled, unless nothing went through (then try again by hand). */
  if (tally.deleted + tally.maybe > 0)
    remove_card (run->lane, run->card);
}

static void
start_run (ModeratoAttentionLane  *self,
           ModeratoWaveCard       *card,
           const RumbleMuteChoice *choice)
{
  ModeratoSpamWave *wave = moderato_wave_card_get_wave (card);
  RumbleChatApi *chat = self->detector != NULL ? moderato_detector_get_chat (self->detector) :
                                                 NULL;
  WaveRun *run;

  if (chat == NULL)
    return;

  run = g_new0 (WaveRun, 1);
  run->lane = g_object_ref (self);
  run->card = g_object_ref (card);
  run->mute = choice != NULL;
  moderato_wave_card_set_busy (card, TRUE);

  if (choice != NULL)
    {
      const char * const *names = moderato_spam_wave_get_usernames (wave);
      g_autoptr(GPtrArray) named = g_ptr_array_new ();

      for (guint i = 0; names[i] != NULL; i++)
        if (*names[i] != '\0')
          g_ptr_array_add (named, (gpointer) names[i]);
      g_ptr_array_add (named, NULL);
      moderato_bulk_mute_async (chat, (const char * const *) named->pdata, choice->duration_s,
                                choice->scope, self->cancellable, wave_run_done_cb, run);
    }
  else
    {
      const char * const *ids = moderato_spam_wave_get_message_ids (wave);
      g_autoptr(GPtrArray) live = g_ptr_array_new ();

      /* Messages deleted meanwhile (by hand, by Rumble) are not asked again. */
      for (guint i = 0; ids[i] != NULL; i++)
        {
          RumbleMessage *message = rumble_chat_api_lookup_message (chat, ids[i]);

          if (message == NULL || !rumble_message_get_deleted (message))
            g_ptr_array_add (live, (gpointer) ids[i]);
        }
      g_ptr_array_add (live, NULL);
      moderato_bulk_delete_async (chat, (const char * const *) live->pdata, self->cancellable,
                                  wave_run_done_cb, run);
    }
}

static void
card_delete_all_cb (ModeratoWaveCard      *card,
                    ModeratoAttentionLane *self)
{
  start_run (self, card, NULL);
}

static void
confirm_response_cb (AdwMessageDialog      *dialog,
                     const char            *response,
                     ModeratoAttentionLane *self)
{
  ModeratoWaveCard *card = g_object_get_data (G_OBJECT (dialog), "moderato-card");

  /* The card may have gone meanwhile (the chat changed, the wave was dismissed). */
  if (g_str_equal (response, "mute") && card != NULL &&
      gtk_widget_get_parent (GTK_WIDGET (card)) == self->waves_box)
    start_run (self, card, rumble_mute_choice_lookup ("forever"));
}

/* Muting forever asks once for the whole wave, naming how many. */
static void
confirm_mute_forever (ModeratoAttentionLane *self,
                      ModeratoWaveCard      *card)
{
  guint n = g_strv_length ((char **) moderato_spam_wave_get_usernames (
                             moderato_wave_card_get_wave (card)));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  heading = g_strdup_printf (ngettext ("Mute %u account forever?",
                                       "Mute %u accounts forever?", n), n);
  dialog = moderato_moderation_confirm_forever_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) :
                                                    NULL, heading,
                                                    _("They will not be able to chat in any of "
                                                      "this channel’s streams, now or later, "
                                                      "until unmuted."));
  g_object_set_data_full (G_OBJECT (dialog), "moderato-card", g_object_ref (card),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
card_mute_all_cb (ModeratoWaveCard      *card,
                  const char            *choice_id,
                  ModeratoAttentionLane *self)
{
  const RumbleMuteChoice *choice = rumble_mute_choice_lookup (choice_id);

  if (choice == NULL)
    return;

  if (choice->scope == RUMBLE_MUTE_SCOPE_TOTAL &&
      (self->settings == NULL || g_settings_get_boolean (self->settings, "confirm-mute-forever")))
    confirm_mute_forever (self, card);
  else
    start_run (self, card, choice);
}

static void
card_dismiss_cb (ModeratoWaveCard      *card,
                 ModeratoAttentionLane *self)
{
  remove_card (self, card);
}

/* Makes room for one more card: the oldest closed wave's goes, else the oldest; never one
 * the moderator is at (the pointer, the focus or its menu in it), unless all are. */
static void
evict_card (ModeratoAttentionLane *self)
{
  GtkWidget *victim = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (self->waves_box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      ModeratoWaveCard *card = MODERATO_WAVE_CARD (child);

      if (moderato_wave_card_get_in_use (card))
        continue;
      if (victim == NULL)
        victim = child;
      if (moderato_spam_wave_get_state (moderato_wave_card_get_wave (card)) !=
          MODERATO_SPAM_WAVE_OPEN)
        {
          victim = child;
          break;
        }
    }
  if (victim == NULL)
    victim = gtk_widget_get_first_child (self->waves_box);
  remove_card (self, MODERATO_WAVE_CARD (victim));
}

static void
wave_created_cb (ModeratoAttentionLane *self,
                 ModeratoSpamWave      *wave)
{
  GtkWidget *card;

  if (g_hash_table_contains (self->wave_cards, moderato_spam_wave_get_id (wave)))
    return;

  if (g_hash_table_size (self->wave_cards) >= MODERATO_ATTENTION_LANE_MAX_WAVE_CARDS)
    evict_card (self);
  card = moderato_wave_card_new (wave);
  g_signal_connect_object (card, "delete-all", G_CALLBACK (card_delete_all_cb), self, 0);
  g_signal_connect_object (card, "mute-all", G_CALLBACK (card_mute_all_cb), self, 0);
  g_signal_connect_object (card, "dismiss", G_CALLBACK (card_dismiss_cb), self, 0);
  gtk_box_append (GTK_BOX (self->waves_box), card);
  g_hash_table_insert (self->wave_cards, g_strdup (moderato_spam_wave_get_id (wave)), card);

  add_wave_marks (self, wave, FALSE);
  update_visibility (self);
  g_signal_emit (self, signals[MARKS_CHANGED], 0);
}

static void
wave_changed_cb (ModeratoAttentionLane *self,
                 ModeratoSpamWave      *wave)
{
  ModeratoWaveCard *card = g_hash_table_lookup (self->wave_cards,
                                                moderato_spam_wave_get_id (wave));

  if (card == NULL)
    return;

  /* A wave grows with nearly every message of a flood, and each new text resizes the
   * window: its card follows with the chips. */
  if (moderato_spam_wave_get_state (wave) == MODERATO_SPAM_WAVE_OPEN)
    {
      g_hash_table_add (self->stale_cards, card);
      queue_rebuild_chips (self);
    }
  else
    {
      g_hash_table_remove (self->stale_cards, card);
      moderato_wave_card_update (card);
    }
  if (moderato_spam_wave_get_state (wave) == MODERATO_SPAM_WAVE_OPEN)
    {
      add_wave_marks (self, wave, TRUE);
      g_signal_emit (self, signals[MARKS_CHANGED], 0);
    }
}

/* GObject */

static void
moderato_attention_lane_dispose (GObject *object)
{
  ModeratoAttentionLane *self = MODERATO_ATTENTION_LANE (object);

  if (self->chat_signals != NULL)
    moderato_attention_lane_set_detector (self, NULL);
  moderato_beat_cancel (update_lane_cb, self);
  g_clear_object (&self->chat_signals);
  g_clear_weak_pointer (&self->toasts);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), MODERATO_TYPE_ATTENTION_LANE);

  G_OBJECT_CLASS (moderato_attention_lane_parent_class)->dispose (object);
}

static void
moderato_attention_lane_finalize (GObject *object)
{
  ModeratoAttentionLane *self = MODERATO_ATTENTION_LANE (object);

  g_hash_table_unref (self->colors);
  g_queue_clear_full (&self->color_order, g_free);
  g_hash_table_unref (self->collapsed);
  g_hash_table_unref (self->wave_cards);
  g_hash_table_unref (self->stale_cards);
  g_ptr_array_unref (self->items);

  G_OBJECT_CLASS (moderato_attention_lane_parent_class)->finalize (object);
}

static void
moderato_attention_lane_class_init (ModeratoAttentionLaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moderato_attention_lane_dispose;
  object_class->finalize = moderato_attention_lane_finalize;

  signals[MARKS_CHANGED] =
    g_signal_new ("marks-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[ITEM_HANDLED] =
    g_signal_new ("item-handled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_OBJECT);

  g_type_ensure (MODERATO_TYPE_RANTS_STRIP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/moderato-attention-lane.ui");
  gtk_widget_class_bind_template_child (widget_class, ModeratoAttentionLane, header);
  gtk_widget_class_bind_template_child (widget_class, ModeratoAttentionLane, expand_button);
  gtk_widget_class_bind_template_child (widget_class, ModeratoAttentionLane, count_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoAttentionLane, rants_strip);
  gtk_widget_class_bind_template_child (widget_class, ModeratoAttentionLane, revealer);
  gtk_widget_class_bind_template_child (widget_class, ModeratoAttentionLane, chips_scroller);
  gtk_widget_class_bind_template_child (widget_class, ModeratoAttentionLane, chips_box);
  gtk_widget_class_bind_template_child (widget_class, ModeratoAttentionLane, waves_scroller);
  gtk_widget_class_bind_template_child (widget_class, ModeratoAttentionLane, waves_box);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "attentionlane");
}

static void
moderato_attention_lane_init (ModeratoAttentionLane *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  self->colors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_queue_init (&self->color_order);
  self->collapsed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->wave_cards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->stale_cards = g_hash_table_new (NULL, NULL);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();

  self->chat_signals = g_signal_group_new (RUMBLE_TYPE_CHAT_API);
  g_signal_group_connect_swapped (self->chat_signals, "users-muted",
                                  G_CALLBACK (users_muted_cb), self);
  g_signal_connect_object (self->rants_strip, "notify::visible",
                           G_CALLBACK (update_visibility), self, G_CONNECT_SWAPPED);
}

GtkWidget *
moderato_attention_lane_new (void)
{
  return g_object_new (MODERATO_TYPE_ATTENTION_LANE, NULL);
}

void
moderato_attention_lane_set_detector (ModeratoAttentionLane *self,
                                      ModeratoDetector      *detector)
{
  GtkWidget *child;

  g_return_if_fail (MODERATO_IS_ATTENTION_LANE (self));
  g_return_if_fail (detector == NULL || MODERATO_IS_DETECTOR (detector));

  if (self->detector == detector)
    return;

  if (self->detector != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->highlights, self);
      g_signal_handlers_disconnect_by_data (self->detector, self);
      self->highlights = NULL;
      g_clear_object (&self->detector);
    }
  /* Another chat: nothing of the old one is shown or acted on. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_signal_group_set_target (self->chat_signals, NULL);
  moderato_rants_strip_set_detector (self->rants_strip, detector);
  moderato_beat_cancel (update_lane_cb, self);
  g_hash_table_remove_all (self->stale_cards);
  g_ptr_array_set_size (self->items, 0);
  while ((child = gtk_widget_get_first_child (self->chips_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->chips_box), child);
  while ((child = gtk_widget_get_first_child (self->waves_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->waves_box), child);
  g_hash_table_remove_all (self->wave_cards);
  g_hash_table_remove_all (self->colors);
  g_queue_clear_full (&self->color_order, g_free);
  g_hash_table_remove_all (self->collapsed);

  if (detector != NULL)
    {
      self->detector = g_object_ref (detector);
      self->highlights = moderato_detector_get_highlights (detector);
      g_signal_connect (self->highlights, "items-changed", G_CALLBACK (highlights_changed_cb),
                        self);
      g_signal_connect_swapped (detector, "wave-created", G_CALLBACK (wave_created_cb), self);
      g_signal_connect_swapped (detector, "wave-grown", G_CALLBACK (wave_changed_cb), self);
      g_signal_connect_swapped (detector, "wave-closed", G_CALLBACK (wave_changed_cb), self);
      g_signal_group_set_target (self->chat_signals, moderato_detector_get_chat (detector));
      highlights_changed_cb (self->highlights, 0, 0,
                             g_list_model_get_n_items (self->highlights), self);
    }

  update_visibility (self);
  g_signal_emit (self, signals[MARKS_CHANGED], 0);
}

void
moderato_attention_lane_set_toast_overlay (ModeratoAttentionLane *self,
                                           AdwToastOverlay       *toasts)
{
  g_return_if_fail (MODERATO_IS_ATTENTION_LANE (self));

  g_set_weak_pointer (&self->toasts, toasts);
}

void
moderato_attention_lane_set_settings (ModeratoAttentionLane *self,
                                      GSettings             *settings)
{
  g_return_if_fail (MODERATO_IS_ATTENTION_LANE (self));

  g_set_object (&self->settings, settings);
}

void
moderato_attention_lane_decorate_row (ModeratoAttentionLane *self,
                                      ModeratoMessageRow    *row)
{
  RumbleMessage *message;
  const char *id;

  g_return_if_fail (MODERATO_IS_ATTENTION_LANE (self));

  message = moderato_message_row_get_message (row);
  id = message != NULL ? rumble_message_get_id (message) : NULL;
  if (id == NULL)
    {
      moderato_message_row_set_highlight (row, NULL);
      moderato_message_row_set_collapsed (row, NULL);
      return;
    }
  moderato_message_row_set_highlight (row, g_hash_table_lookup (self->colors, id));
  moderato_message_row_set_collapsed (row, g_hash_table_lookup (self->collapsed, id));
}

guint
moderato_attention_lane_get_n_items (ModeratoAttentionLane *self)
{
  g_return_val_if_fail (MODERATO_IS_ATTENTION_LANE (self), 0);

  return n_items (self);
}

ModeratoWaveCard *
moderato_attention_lane_lookup_wave_card (ModeratoAttentionLane *self,
                                          const char            *wave_id)
{
  g_return_val_if_fail (MODERATO_IS_ATTENTION_LANE (self), NULL);
  g_return_val_if_fail (wave_id != NULL, NULL);

  return g_hash_table_lookup (self->wave_cards, wave_id);
}

GtkWidget *
moderato_attention_lane_lookup_chip (ModeratoAttentionLane *self,
                                     const char            *message_id)
{
  g_return_val_if_fail (MODERATO_IS_ATTENTION_LANE (self), NULL);

  for (GtkWidget *chip = gtk_widget_get_first_child (self->chips_box); chip != NULL;
       chip = gtk_widget_get_next_sibling (chip))
    if (g_strcmp0 (moderato_highlight_get_message_id (chip_highlight (chip)), message_id) == 0)
      return chip;
  return NULL;
}
