"""The voices persisted: the codebook and its codings (manual coding of the field's texts), and
the Most Significant Change stories with their selection rounds (issue 6).

The rules live in missionlens.voices (stories.round_problems, qda); web/coding.py and
web/stories.py turn these rows into its values and back.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from missionlens.web.models.organisations import Branch


class Code(models.Model):
    """A code of the organisation's codebook (one codebook: the app serves one organisation)."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    colour = models.CharField(_("colour"), max_length=7, blank=True)  # "#RRGGBB", as REFI-QDA writes it
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("code")

    def __str__(self) -> str:
        return self.name


class CodedSource(models.Model):
    """A text as it was when first coded: offsets refer to this copy, so that a later edit of the
    evidence, or a new import, never moves a coded passage (an edited text is a new source)."""

    kind = models.CharField(_("kind"), max_length=16)  # "evidence" | "note"
    ref = models.CharField(_("reference"), max_length=64)  # the evidence id, or the note's key
    digest = models.CharField(_("text digest"), max_length=64)
    text = models.TextField(_("text"))
    branch = models.ForeignKey(Branch, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    dimension = models.CharField(_("mission dimension"), max_length=64, blank=True)
    observed_on = models.DateField(_("observed on"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-observed_on", "-created"]
        verbose_name = _("coded text")
        constraints = [models.UniqueConstraint(fields=["kind", "ref", "digest"], name="one_source_per_text")]


class Coding(models.Model):
    """A passage of a source tagged with a code: code points from 0, end excluded (REFI-QDA)."""

    source = models.ForeignKey(CodedSource, on_delete=models.CASCADE, related_name="codings")
    code = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="codings")
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    passage = models.TextField(_("passage"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["source", "start", "end"]
        verbose_name = _("coding")
        constraints = [models.CheckConstraint(condition=models.Q(end__gt=models.F("start")),
                                              name="coding_passage_not_empty")]


class StoryRecord(models.Model):
    """A Most Significant Change story, told with the teller's consent (a database rule too)."""

    domain = models.CharField(_("domain of change"), max_length=64)
    dimension = models.CharField(_("mission dimension"), max_length=64, blank=True)
    teller_role = models.CharField(_("teller"), max_length=16)
    told_on = models.DateField(_("told on"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("the change"))
    why_significant = models.TextField(_("why the teller thinks it significant"))
    consent = models.BooleanField(_("consent to its use"), default=False)
    branch = models.ForeignKey(Branch, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(_("created"), auto_now_add=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    verified_on = models.DateField(_("verified on"), null=True, blank=True)

    class Meta:
        ordering = ["-told_on", "-created"]
        verbose_name = _("story of change")
        verbose_name_plural = _("stories of change")
        constraints = [models.CheckConstraint(condition=models.Q(consent=True), name="story_needs_consent")]

    def __str__(self) -> str:
        return self.title


class SelectionRoundRecord(models.Model):
    """A panel's choice among the stories it read, with its reasons (stories.round_problems)."""

    level = models.CharField(_("level"), max_length=16)  # branch | management | board
    panel = models.CharField(_("panel"), max_length=200)
    held_on = models.DateField(_("held on"))
    domain = models.CharField(_("domain of change"), max_length=64)
    branch = models.ForeignKey(Branch, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    candidates = models.ManyToManyField(StoryRecord, related_name="read_in")
    chosen = models.ManyToManyField(StoryRecord, related_name="chosen_in")
    reasons = models.TextField(_("reasons"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["held_on", "created"]
        verbose_name = _("selection round")
