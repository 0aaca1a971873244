"""The API endpoints: thin adapters over evidence.py, discussions.py and reviews.py.

Every endpoint declares its capability per method (permissions.py); evidence is read through
access.evidence_visible_to; borrowers are shown through access.borrower_shown. Refusals are JSON:
`{"field": ["message", ...]}` for bad input, `{"detail": "..."}` otherwise.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from missionlens.web import evidence_borrowers
from missionlens.web.access import Capability, Viewer, evidence_visible_to
from missionlens.web.api.permissions import HasCapability
from missionlens.web.api.serializers import (
    CommentIn,
    CommentOut,
    ErrorOut,
    EvidenceChange,
    EvidenceIn,
    EvidenceOut,
    EvidenceQuery,
    ReviewQuery,
    TokenOut,
)
from missionlens.web.discussions import DiscussionError, post
from missionlens.web.evidence import (
    Draft,
    EvidenceConflict,
    EvidenceRefused,
    Search,
    edit_evidence,
    record_evidence,
    search,
    snapshot,
    vocabulary,
)
from missionlens.web.models import Evidence
from missionlens.web.reviews import ReviewUnavailable, branches_of, review_for

REFUSED = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut}


class Endpoint(APIView):
    permission_classes = [HasCapability]
    capabilities: ClassVar[dict[str, Capability]] = {}

    @property
    def viewer(self) -> Viewer:
        return self.request.viewer


def _valid(serializer_class: type[Any], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _words(lang: str = "fr") -> Any:
    return vocabulary(settings.DATA_DIR, lang, settings.MISSION_FILE)


class ReviewView(Endpoint):
    """The precomputed review of the organisation or of one branch, in French or English: aggregates
    only (indicators with their series and n, cards, alerts, tensions, silences, attention)."""

    capabilities: ClassVar[dict[str, Capability]] = {"GET": "view_aggregates"}

    @extend_schema(parameters=[ReviewQuery], responses={200: OpenApiTypes.OBJECT, **REFUSED, 503: ErrorOut})
    def get(self, request: Request) -> Response:
        asked = _valid(ReviewQuery, request.query_params)
        branch = asked["branch"].strip() or None
        if branch and branch not in {b["code"] for b in branches_of(settings.DATA_DIR)}:
            raise ValidationError({"branch": [gettext("No branch has the code %(code)s: leave it empty or use one "
                                                      "of the branches of the data.") % {"code": repr(branch)}]})
        try:
            review = review_for(settings.DATA_DIR, branch, asked["lang"])
        except ReviewUnavailable as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        return Response({"branch": branch or "", "lang": asked["lang"], "review": review})


class EvidenceList(Endpoint):
    """The evidence the caller may read, newest first, filtered; or record new evidence."""

    capabilities: ClassVar[dict[str, Capability]] = {"GET": "view_evidence", "POST": "write_evidence"}

    @extend_schema(parameters=[EvidenceQuery], responses={200: EvidenceOut(many=True), **REFUSED})
    def get(self, request: Request) -> Response:
        wanted = _valid(EvidenceQuery, request.query_params)
        found = search(self.viewer, Search.of(wanted))
        pages = LimitOffsetPagination()
        page = pages.paginate_queryset(found, request, view=self)
        return pages.get_paginated_response(EvidenceOut(page, many=True, context={"viewer": self.viewer}).data)

    @extend_schema(request=EvidenceIn, responses={201: EvidenceOut, **REFUSED})
    def post(self, request: Request) -> Response:
        given = _valid(EvidenceIn, request.data)
        today = timezone.localdate()
        draft = Draft(**{**given, "observed_on": given["observed_on"] or today})
        try:
            item = record_evidence(draft, by=request.user, viewer=self.viewer, words=_words(),
                                   borrowers=evidence_borrowers.book_for(settings.DATA_DIR), today=today)
        except EvidenceRefused as problem:
            raise ValidationError(problem.errors) from None
        return Response(EvidenceOut(item, context={"viewer": self.viewer}).data, status=status.HTTP_201_CREATED)


class EvidenceDetail(Endpoint):
    """One piece of evidence; PATCH changes the fields sent and keeps the earlier version in the history."""

    capabilities: ClassVar[dict[str, Capability]] = {"GET": "view_evidence", "PATCH": "write_evidence"}

    def _item(self, pk: int) -> Evidence:
        return get_object_or_404(evidence_visible_to(self.viewer).select_related("branch", "author"), pk=pk)

    @extend_schema(responses={200: EvidenceOut, **REFUSED, 404: ErrorOut})
    def get(self, request: Request, pk: int) -> Response:
        return Response(EvidenceOut(self._item(pk), context={"viewer": self.viewer}).data)

    @extend_schema(request=EvidenceChange, responses={200: EvidenceOut, **REFUSED, 404: ErrorOut, 409: ErrorOut})
    def patch(self, request: Request, pk: int) -> Response:
        item = self._item(pk)
        given = _valid(EvidenceChange, request.data)
        seen = given.pop("edited", None)
        draft = Draft(**{**snapshot(item), "observed_on": item.observed_on, "published": None, **given})
        try:
            changed = edit_evidence(pk, draft, by=request.user, viewer=self.viewer, words=_words(),
                                    borrowers=evidence_borrowers.book_for(settings.DATA_DIR),
                                    today=timezone.localdate(), seen=seen)
        except EvidenceConflict as problem:
            return Response(problem.errors, status=status.HTTP_409_CONFLICT)
        except EvidenceRefused as problem:
            raise ValidationError(problem.errors) from None
        except PermissionError as problem:
            raise PermissionDenied(str(problem)) from None
        return Response(EvidenceOut(changed, context={"viewer": self.viewer}).data)


class DiscussionView(Endpoint):
    """Comment on an indicator, or contest it ("this number misleads because…")."""

    capabilities: ClassVar[dict[str, Capability]] = {"POST": "discuss"}

    @extend_schema(request=CommentIn, responses={201: CommentOut, **REFUSED, 404: ErrorOut, 503: ErrorOut})
    def post(self, request: Request, key: str) -> Response:
        given = _valid(CommentIn, request.data)
        try:
            review = review_for(settings.DATA_DIR, None, "fr")
        except ReviewUnavailable as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        if not any(i.get("key") == key for i in review.get("indicators", [])):
            raise NotFound(gettext("No indicator %(key)s in this mission.") % {"key": repr(key)})
        try:
            comment = post(key, by=request.user, kind=given["kind"], text=given["text"])
        except DiscussionError as problem:
            raise ValidationError({"text": [str(problem)]}) from None
        return Response(CommentOut(comment).data, status=status.HTTP_201_CREATED)


class TokenView(ObtainAuthToken):
    """Exchange a username and password for the API token (created on first use)."""

    permission_classes = [HasCapability]
    capabilities: ClassVar[dict[str, Capability]] = {"POST": "public"}

    @extend_schema(responses={200: TokenOut, 400: ErrorOut})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, _ = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
