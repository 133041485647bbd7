/* moderato-wave-card.c — one spam wave in the attention lane
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the wave is (how many accounts, what they posted, how fast), who is in it, and two
 * buttons for all of it. The sample and the names come from the network: labels get them
 * as plain text, cleaned and isolated, never as markup.
 */
#define G_LOG_DOMAIN "moderato-wave-card"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-moderation.h"
#include "moderato-wave-card.h"
#include "rumble-text.h"

/* Bytes of the sample shown in the title. */
#define SAMPLE_MAX_BYTES 60

struct _ModeratoWaveCard
{
  GtkWidget         parent_instance;

  GtkWidget        *content;
  GtkLabel         *title_label;
  GtkLabel         *state_label;
  GtkExpander      *members_expander;
  GtkLabel         *members_label;
  GtkMenuButton    *mute_button;

  ModeratoSpamWave *wave;
};

enum {
  DELETE_ALL,
  MUTE_ALL,
  DISMISS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ModeratoWaveCard, moderato_wave_card, GTK_TYPE_WIDGET)

static void
delete_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  g_signal_emit (widget, signals[DELETE_ALL], 0);
}

static void
mute_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_signal_emit (widget, signals[MUTE_ALL], 0, g_variant_get_string (parameter, NULL));
}

static void
dismiss_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_signal_emit (widget, signals[DISMISS], 0);
}

static void
moderato_wave_card_dispose (GObject *object)
{
  ModeratoWaveCard *self = MODERATO_WAVE_CARD (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MODERATO_TYPE_WAVE_CARD);
  g_clear_object (&self->wave);

  G_OBJECT_CLASS (moderato_wave_card_parent_class)->dispose (object);
}

static void
moderato_wave_card_class_init (ModeratoWaveCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moderato_wave_card_dispose;

  signals[DELETE_ALL] =
    g_signal_new ("delete-all", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[MUTE_ALL] =
    g_signal_new ("mute-all", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[DISMISS] =
    g_signal_new ("dismiss", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/moderato-wave-card.ui");
  gtk_widget_class_bind_template_child (widget_class, ModeratoWaveCard, content);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWaveCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWaveCard, state_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWaveCard, members_expander);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWaveCard, members_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWaveCard, mute_button);

  gtk_widget_class_install_action (widget_class, "wave.delete-all", NULL, delete_all_action);
  gtk_widget_class_install_action (widget_class, "wave.mute-all", "s", mute_all_action);
  gtk_widget_class_install_action (widget_class, "wave.dismiss", NULL, dismiss_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "wavecard");
}

static void
moderato_wave_card_init (ModeratoWaveCard *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  for (const RumbleMuteChoice *choice = rumble_mute_choices (); choice->id != NULL; choice++)
    {
      g_autoptr(GMenuItem) item =
        moderato_moderation_mute_item (choice, "wave.mute-all", g_variant_new_string (choice->id));

      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (self->mute_button, G_MENU_MODEL (menu));
}

GtkWidget *
moderato_wave_card_new (ModeratoSpamWave *wave)
{
  ModeratoWaveCard *self;

  g_return_val_if_fail (MODERATO_IS_SPAM_WAVE (wave), NULL);

  self = g_object_new (MODERATO_TYPE_WAVE_CARD, NULL);
  self->wave = g_object_ref (wave);
  moderato_wave_card_update (self);

  return GTK_WIDGET (self);
}

/* Whether the moderator is at it: the pointer or the focus in it, or its menu open. */
gboolean
moderato_wave_card_get_in_use (ModeratoWaveCard *self)
{
  GtkStateFlags flags;
  GtkPopover *popover;

  g_return_val_if_fail (MODERATO_IS_WAVE_CARD (self), FALSE);

  flags = gtk_widget_get_state_flags (GTK_WIDGET (self));
  popover = gtk_menu_button_get_popover (self->mute_button);
  return (flags & (GTK_STATE_FLAG_PRELIGHT | GTK_STATE_FLAG_FOCUS_WITHIN)) != 0 ||
         (popover != NULL && gtk_widget_get_visible (GTK_WIDGET (popover)));
}

ModeratoSpamWave *
moderato_wave_card_get_wave (ModeratoWaveCard *self)
{
  g_return_val_if_fail (MODERATO_IS_WAVE_CARD (self), NULL);

  return self->wave;
}

void
moderato_wave_card_update (ModeratoWaveCard *self)
{
  guint size, n_messages;
  gint64 span_s;
  g_autofree char *clean = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *title = NULL;
  g_autofree char *state = NULL;
  g_autofree char *members = NULL;
  g_autofree char *expander = NULL;
  const char * const *names;
  g_autoptr(GPtrArray) isolated = g_ptr_array_new_with_free_func (g_free);
  guint n_names;

  g_return_if_fail (MODERATO_IS_WAVE_CARD (self));

  size = moderato_spam_wave_get_size (self->wave);
  n_messages = moderato_spam_wave_get_n_messages (self->wave);
  span_s = (moderato_spam_wave_get_last_time (self->wave) -
            moderato_spam_wave_get_first_time (self->wave)) / G_USEC_PER_SEC;

  clean = rumble_text_clean (moderato_spam_wave_get_sample (self->wave), SAMPLE_MAX_BYTES);
  sample = rumble_text_isolate (clean != NULL ? clean : "");
  /* Translators: the text a spam wave repeats, quoted in a sentence. */
  quoted = g_strdup_printf (_("‘%s’"), sample);
  /* Translators: "14 accounts posted ‘free crypto at …’ in 20 s". */
  title = g_strdup_printf (ngettext ("%u account posted %s in %u s",
                                     "%u accounts posted %s in %u s", size),
                           size, quoted, (guint) MAX (span_s, 0));
  gtk_label_set_text (self->title_label, title);

  /* Translators: %u is a number of messages, %s a wave's id such as "w3". */
  state = g_strdup_printf (ngettext ("%u message · wave %s", "%u messages · wave %s",
                                     n_messages),
                           n_messages, moderato_spam_wave_get_id (self->wave));
  if (moderato_spam_wave_get_state (self->wave) == MODERATO_SPAM_WAVE_CLOSED)
    {
      /* Translators: a spam wave that stopped growing. */
      g_autofree char *ended = g_strdup_printf (_("%s · ended"), state);

      g_free (state);
      state = g_steal_pointer (&ended);
    }
  gtk_label_set_text (self->state_label, state);

  names = moderato_spam_wave_get_usernames (self->wave);
  n_names = g_strv_length ((char **) names);
  for (guint i = 0; i < n_names; i++)
    g_ptr_array_add (isolated, rumble_text_isolate (names[i]));
  g_ptr_array_add (isolated, NULL);
  /* Translators: the separator of a list of names. */
  members = g_strjoinv (C_("list", ", "), (char **) isolated->pdata);
  gtk_label_set_text (self->members_label, members);
  /* Translators: the expander that lists a spam wave's accounts. */
  expander = g_strdup_printf (ngettext ("%u member", "%u members", n_names), n_names);
  /* The expander makes a new label widget for each new text. */
  if (g_strcmp0 (gtk_expander_get_label (self->members_expander), expander) != 0)
    gtk_expander_set_label (self->members_expander, expander);
}

void
moderato_wave_card_set_busy (ModeratoWaveCard *self,
                             gboolean          busy)
{
  g_return_if_fail (MODERATO_IS_WAVE_CARD (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wave.delete-all", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wave.mute-all", !busy);
}

const char *
moderato_wave_card_get_title (ModeratoWaveCard *self)
{
  g_return_val_if_fail (MODERATO_IS_WAVE_CARD (self), NULL);

  return gtk_label_get_text (self->title_label);
}
