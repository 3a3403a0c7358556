"""Snapshots of everything an article or issue shows: make one, write one back, compare two.

A snapshot is plain JSON, kept by a draft revision and by every history record::

    {"fields": {"title": "…", "issue": 3, …},
     "links": {"people": [4, 7], "organisations": [], "events": [], "topics": [2]},
     "photos": [{"photo": 9, "placement": "full", "people": [4]}, …],   # in order
     "figures": [{"photo": 11, "placement": "inset"}]}                  # in the text, in order

``links``, ``photos`` and ``figures`` are the *relations* (what history records beside the row's
fields). The people a photo pictures belong to the photo (the library's), so they are recorded
and compared but never written back. Figures live in the text: writing the body brings them back.
"""

import re

from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from events.models import Event
from people.models import Organisation, Person

from .completeness import photo_problems
from .models import Article, ArticlePhoto, Issue, Photo, Topic

FIELDS = {
    Article: ["issue", "section", "position", "title", "slug", "standfirst", "body"],
    Issue: ["title", "number", "slug", "period_start", "period_end", "cover_photo", "foreword"],
}
LINKS = {
    Article: {"people": Person, "organisations": Organisation, "events": Event, "topics": Topic},
    Issue: {},
}
RELATIONS = ("links", "photos", "figures")
NEXT_DUE_KEY = "newsletters:next-revision-due"
FIGURE = re.compile(r"<figure\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'data-(photo|placement)\s*=\s*"?([\w-]+)"?', re.IGNORECASE)


def model_of(obj):
    model = obj if isinstance(obj, type) else type(obj)
    for known in FIELDS:
        if issubclass(model, known):
            return known
    raise TypeError(f"No snapshot for a {model.__name__}.")


def figures_in(html):
    """The pictures a text places: [{"photo": id, "placement": …}] in the order they come."""
    figures = []
    for tag in FIGURE.findall(html or ""):
        found = {name.lower(): value for name, value in ATTRIBUTE.findall(tag)}
        if found.get("photo", "").isdigit():
            figures.append({"photo": int(found["photo"]), "placement": found.get("placement", "")})
    return figures


def _text_field(model):
    return "body" if model is Article else "foreword"


def _field_value(obj, field):
    value = getattr(obj, field.attname)
    return value.isoformat() if hasattr(value, "isoformat") else value


def relations_of(obj):
    """The relations of a saved article or issue, as they are stored now."""
    model = model_of(obj)
    relations = {"links": {}, "photos": [], "figures": figures_in(getattr(obj, _text_field(model)))}
    for name in LINKS[model]:
        relations["links"][name] = sorted(getattr(obj, name).values_list("pk", flat=True))
    if model is Article:
        uses = ArticlePhoto.objects.filter(article=obj).order_by("position", "pk")
        uses = list(uses.values_list("photo_id", "placement"))
        pictured = {}
        photos = Photo.people.through.objects.filter(photo__in=[photo for photo, _ in uses])
        for photo, person in photos.order_by("position", "pk").values_list("photo", "person"):
            pictured.setdefault(photo, []).append(person)
        relations["photos"] = [
            {"photo": photo, "placement": placement, "people": pictured.get(photo, [])}
            for photo, placement in uses
        ]
    return relations


def relations_of_stored(model, pk):
    """What the stored row ``pk`` links to now (None if it is gone): for its history record."""
    obj = model_of(model)._default_manager.filter(pk=pk).first()
    return relations_of(obj) if obj is not None else None


def snapshot(obj):
    """Everything ``obj`` (a saved article or issue) shows, as JSON."""
    model = model_of(obj)
    meta = model._meta
    fields = {name: _field_value(obj, meta.get_field(name)) for name in FIELDS[model]}
    return {"label": str(obj), "fields": fields, **relations_of(obj)}


def snapshot_of_record(record):
    """A history record as a snapshot; its relations are None when the record predates them."""
    model = model_of(record.instance_type)
    meta = model._meta
    fields = {name: _field_value(record, meta.get_field(name)) for name in FIELDS[model]}
    relations = record.relations or {}
    return {"label": str(record.instance), "fields": fields, **relations}


def merged(base, data):
    """``base`` with what ``data`` gives (a partial snapshot) put over it."""
    result = {**base, "fields": {**base.get("fields", {}), **data.get("fields", {})}}
    result["links"] = {**base.get("links", {}), **data.get("links", {})}
    for key in ("photos", "label"):
        if key in data:
            result[key] = data[key]
    model_text = "body" if "body" in result["fields"] else "foreword"
    result["figures"] = figures_in(result["fields"].get(model_text, ""))
    return result


def set_fields(obj, data):
    """Put the snapshot's fields on ``obj`` in memory (not saved)."""
    meta = model_of(obj)._meta
    for name, value in data.get("fields", {}).items():
        if name in FIELDS[model_of(obj)]:
            field = meta.get_field(name)
            setattr(obj, field.attname, None if value is None else field.to_python(value))
    return obj


def apply_relations(obj, data):
    """Link ``obj`` to what the snapshot lists; the relations it does not hold are left alone."""
    model = model_of(obj)
    for name, pks in data.get("links", {}).items():
        if name in LINKS[model]:
            existing = LINKS[model][name]._default_manager.filter(pk__in=pks)
            getattr(obj, name).set(list(existing.values_list("pk", flat=True)))
    if model is Article and data.get("photos") is not None:
        _apply_photos(obj, data["photos"])


def _apply_photos(article, uses):
    """The article's photos in the snapshot's order and placements (photos since deleted from
    the library are left out)."""
    placements = {use["photo"]: use.get("placement") or Photo.Placement.FULL for use in uses}
    known = set(Photo.objects.filter(pk__in=placements).values_list("pk", flat=True))
    order = [photo for photo in placements if photo in known]
    ArticlePhoto.objects.filter(article=article).exclude(photo__in=order).delete()
    existing = {use.photo_id: use for use in ArticlePhoto.objects.filter(article=article)}
    for position, photo in enumerate(order, start=1):
        use = existing.get(photo) or ArticlePhoto(article=article, photo_id=photo)
        if use.pk is None or (use.position, use.placement) != (position, placements[photo]):
            use.position, use.placement = position, placements[photo]
            use.save()


@transaction.atomic
def apply(obj, data):
    """Write the snapshot ``data`` to ``obj``: its fields and relations, in one transaction, and
    record them in the history record the save made. The state is never touched."""
    set_fields(obj, data)
    obj.save()
    apply_relations(obj, data)
    record_relations(obj)
    return obj


def record_relations(obj):
    """After relations changed: the latest history record holds them as they are now."""
    latest = obj.history.order_by("-history_date", "-history_id").first()
    if latest is not None:
        type(latest)._default_manager.filter(pk=latest.pk).update(relations=relations_of(obj))


def problems(item, data):
    """What keeps a snapshot of ``item`` from going public, as publishing the item would say."""
    fields, found = data.get("fields", {}), []
    if model_of(item) is Article:
        name = fields.get("title", "").strip() or _("the article")
        if not fields.get("title", "").strip():
            found.append(_("The revision has no title."))
        if not fields.get("body", "").strip():
            found.append(_("“%(name)s” has no text.") % {"name": name})
        used = [use["photo"] for use in data.get("photos") or []]
        used += [figure["photo"] for figure in figures_in(fields.get("body", ""))]
        for photo in Photo.objects.filter(pk__in=used):
            found += photo_problems(f"“{name}”", photo)
    return found


# Comparing -------------------------------------------------------------------------------------


def _short(value, length=200):
    if value in (None, "", []):
        return "—"
    return Truncator(str(value)).chars(length)


def _names(model, data_sets):
    """{(kind, pk): name} for every row the snapshots name, one query per kind."""
    wanted = {}
    for data in data_sets:
        for name, pks in data.get("links", {}).items():
            wanted.setdefault(LINKS[model][name], set()).update(pks)
        for use in data.get("photos") or []:
            wanted.setdefault(Photo, set()).add(use["photo"])
            wanted.setdefault(Person, set()).update(use.get("people", []))
        for figure in data.get("figures") or []:
            wanted.setdefault(Photo, set()).add(figure["photo"])
        for name in FIELDS[model]:
            field = model._meta.get_field(name)
            if field.is_relation and data.get("fields", {}).get(name) is not None:
                wanted.setdefault(field.related_model, set()).add(data["fields"][name])
    names = {}
    for kind, pks in wanted.items():
        for pk, row in kind._default_manager.in_bulk(pks).items():
            names[(kind, pk)] = str(row)
    return names


def _name(names, kind, pk):
    return names.get((kind, pk)) or _("(deleted: %(id)s)") % {"id": pk}


def _photo_lines(names, uses, placements):
    lines = []
    for number, use in enumerate(uses or [], start=1):
        line = f"{number}. {_short(_name(names, Photo, use['photo']), 60)}"
        line += f" · {placements.get(use.get('placement'), use.get('placement') or '')}"
        if use.get("people"):
            people = ", ".join(_name(names, Person, pk) for pk in use["people"])
            line += " · " + _("pictured: %(people)s") % {"people": people}
        lines.append(line)
    return "\n".join(lines)


def _shown(names, field):
    if field.choices:
        choices = dict(field.flatchoices)
        return lambda value: choices.get(value, value)
    if field.is_relation:
        return lambda pk: "—" if pk is None else _name(names, field.related_model, pk)
    return _short


def _row(name, label, old, new, show, *, known=True):
    unknown = _("unknown")
    return {
        "name": name,
        "label": label,
        "old": unknown if old is None and not known else show(old),
        "new": unknown if new is None and not known else show(new),
        "changed": old != new and (known or (old is not None and new is not None)),
    }


def compare(a, b, model):
    """Every field and relation of two snapshots side by side: [{name, label, old, new,
    changed}]. A relation an old record did not keep shows as unknown, never as a change."""
    model = model_of(model)
    names = _names(model, [a, b])
    placements = dict(Photo.Placement.choices)
    rows = []
    for name in FIELDS[model]:
        field = model._meta.get_field(name)
        old, new = a.get("fields", {}).get(name), b.get("fields", {}).get(name)
        rows.append(_row(name, field.verbose_name, old, new, _shown(names, field)))
    for name, kind in LINKS[model].items():
        old, new = a.get("links", {}).get(name), b.get("links", {}).get(name)
        old, new = (sorted(pks) if pks is not None else None for pks in (old, new))

        def show(pks, kind=kind):
            return ", ".join(sorted(_name(names, kind, pk) for pk in pks)) or "—"

        label = model._meta.get_field(name).verbose_name
        rows.append(_row(name, label, old, new, show, known=False))
    relations = [("figures", _("figures in the text"))]
    if model is Article:
        relations.insert(0, ("photos", _("photos, in order")))
    for name, label in relations:

        def show(uses):
            return _photo_lines(names, uses, placements) or "—"

        rows.append(_row(name, label, a.get(name), b.get(name), show, known=False))
    return rows


def diff(a, b, model):
    """What changed from snapshot ``a`` to ``b``: the rows of ``compare`` that differ."""
    return [row for row in compare(a, b, model) if row["changed"]]


def _own(data):
    """A snapshot without what the photo library holds (who a photo pictures): a caption team
    naming people in a photo does not change the article."""
    photos = [{k: v for k, v in use.items() if k != "people"} for use in data.get("photos") or []]
    return {**data, "photos": photos}


def live_changes(revision, item, *, live=None):
    """What someone changed on the live ``item`` since ``revision`` was made from it: the
    labels of the fields and relations that differ (a revision made before the live version
    was kept with it compares version numbers, and names no field). ``live``: the item's
    snapshot, when the caller has made it already."""
    if revision.base_snapshot is None:
        return [_("the live version")] if item.version != revision.base_version else []
    now = _own(live if live is not None else snapshot(item))
    return [str(row["label"]) for row in diff(_own(revision.base_snapshot), now, item)]
