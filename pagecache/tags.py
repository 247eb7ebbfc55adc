"""Which cached things show a row, declared once on its model; the receivers here make them stale.

A model whose rows show on shared pages (pagecache.cache) says so beside its fields:

    class Review(models.Model):
        ...
        page_tags = Shown(LISTINGS, book="book__slug", member="reviewer__username")

Each keyword is a tag's prefix and the lookup (or lookups) that give the rest: `book:the-siege`,
`member:ada`. A positional string is a tag as it is. A Computed lookup makes the rest from several
of the row's values, or gives no tag: a review shows in its book's list of reviews only when it is
listed (`reviews:<book>`), a post on one page of its thread (`thread_page:<thread>:<page>`). Those
finer tags let a write leave alone the parts of a page it does not change (pagecache.cache.remember).

From then on every write of such rows makes the pages that show them stale, whatever wrote it:

- save() and delete(), from the admin, a service, a cascade (pre_save, post_save, pre_delete);
- QuerySet.update() and bulk_update(): the model's QuerySet must be a TaggedQuerySet (a test checks);
- changes to many-to-many fields (a book's authors).

Tags are read as the rows stand before the write and after it, so that a review moved to another
book leaves both books' pages stale. Before a save they come from the database (one query); after
it, from the instance and the related rows it holds, asking the database only for what it lacks.

Four more words a declaration may use:
- site_when_changed: fields shown all over the site (a book's title, a member's name). A change to
  one of them, or deleting such a row, makes every page stale: renames are rare, and a name is
  printed on more pages than anyone could list.
- when_changed: {tag: fields}, tags given new versions only when a row is added or deleted, its
  many-to-many relations change, or one of those fields changes: what a few of its fields decide
  (which books a search finds: books.search), kept apart from what every write of the row changes.
- unshown: fields whose saves alone change nothing cached (a member's last log-in).
- loaddata (raw saves) and bulk_create() make every page stale: a page's rows may not all be there
  yet, and bulk inserts are imports. A caller that knows the pages names their tags instead
  (bulk_create(..., invalidates=tags)).

A member's own rows (pagecache.mine) join the same declarations when their kind is registered: the
tag `rows:<kind>:<owner id>`.
"""

import threading

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save

from .cache import SITE, invalidate

# Every model that declares what shows it: {model: Shown}.
TAGGED = {}
MEMBER_ROWS_PREFIX = "rows:"


class Computed:
    """A tag made by function(*values) from the values of several lookups of the row; None: no tag."""

    def __init__(self, function, *paths):
        self.function, self.paths = function, paths

    def value(self, values):
        return self.function(*values)


class Shown:
    """The tags of the cached pages (and other cached values) that show a model's rows."""

    def __init__(self, *tags, site_when_changed=(), when_changed=None, unshown=(), **lookups):
        self.tags = frozenset(tags)
        self.computed = {prefix: path for prefix, path in lookups.items() if isinstance(path, Computed)}
        self.lookups = {
            prefix: (path,) if isinstance(path, str) else tuple(path)
            for prefix, path in lookups.items()
            if prefix not in self.computed
        }
        self.site_when_changed = tuple(site_when_changed)
        self.when_changed = {name: frozenset(fields) for name, fields in (when_changed or {}).items()}
        # The fields whose old values a write compares with the new (tags_in_database gives them).
        named_by_tags = (field for fields in self.when_changed.values() for field in fields)
        self.watched = tuple(dict.fromkeys([*self.site_when_changed, *named_by_tags]))
        self.unshown = frozenset(unshown)
        self.model = None

    def contribute_to_class(self, model, name):
        """Django hands the declaration its model (as it does fields); receivers are connected for it."""
        self.model = model
        setattr(model, name, self)
        if not model._meta.abstract:
            _track(model, self)

    def add(self, prefix, path):
        self.lookups[prefix] = (*self.lookups.get(prefix, ()), path)

    @property
    def names_pages(self):
        """Whether it names any shared page (not only a member's own rows, pagecache.mine)."""
        return bool(self.tags or self.computed) or any(
            not prefix.startswith(MEMBER_ROWS_PREFIX) for prefix in self.lookups
        )

    @property
    def paths(self):
        computed = (path for made in self.computed.values() for path in made.paths)
        return list(dict.fromkeys([*(path for paths in self.lookups.values() for path in paths), *computed]))

    @property
    def sources(self):
        """The model's own fields that a write must change to move its rows to other pages."""
        names = {path.split("__")[0] for path in self.paths} | set(self.watched)
        return {_field_name(self.model, name) for name in names}

    @property
    def added_or_deleted_tags(self):
        """What a new or deleted row makes stale besides what it shows (when_changed's tags)."""
        return set(self.when_changed)

    def changed_tags(self, fields):
        """What a write of these fields makes stale besides what the rows show: SITE for a field named
        all over the site, and when_changed's tags for theirs."""
        fields = {_field_name(self.model, name) for name in fields}
        tags = {name for name, watched in self.when_changed.items() if fields & self._names(watched)}
        if fields & self._names(self.site_when_changed):
            tags.add(SITE)
        return tags

    def changed_between(self, before, after, written=None):
        """changed_tags() for the watched fields whose values differ (tuples in watched's order), of those
        written when a save names its fields: a field it leaves alone keeps its stored value."""
        differ = (name for name, old, new in zip(self.watched, before, after, strict=True) if old != new)
        return self.changed_tags(name for name in differ if written is None or _field_name(self.model, name) in written)

    def _names(self, fields):
        return {_field_name(self.model, name) for name in fields}

    def tags_of(self, instance):
        """The tags showing instance as it is in memory (asking the database only for related rows it lacks)."""
        tags = set(self.tags)
        for prefix, paths in self.lookups.items():
            for path in paths:
                tags.update(_tag(prefix, value) for value in _values(instance, path))
        for prefix, made in self.computed.items():
            values = [next(iter(_values(instance, path)), None) for path in made.paths]
            tags.add(_tag(prefix, made.value(values)))
        tags.discard(None)
        return tags

    def tags_in_database(self, rows):
        """The tags showing these rows (primary keys, or a QuerySet) as the database has them, and their
        watched fields' values ({pk: tuple}). One query."""
        if not isinstance(rows, models.QuerySet):
            rows = list(rows)
            if not rows:
                return set(), {}
            rows = self.model._base_manager.filter(pk__in=rows)
        lookups = [(prefix, path) for prefix, paths in self.lookups.items() for path in paths]
        computed = [path for made in self.computed.values() for path in made.paths]
        rows = rows.values_list("pk", *self.watched, *(path for _, path in lookups), *computed)
        tags, named = set(self.tags), {}
        width, plain = len(self.watched), len(lookups)
        for pk, *values in rows:
            named[pk] = tuple(values[:width])
            looked_up, made_from = values[width : width + plain], values[width + plain :]
            tags.update(_tag(prefix, value) for (prefix, _), value in zip(lookups, looked_up, strict=True))
            for prefix, made in self.computed.items():
                tags.add(_tag(prefix, made.value(made_from[: len(made.paths)])))
                made_from = made_from[len(made.paths) :]
        tags.discard(None)
        return tags, named


def tag(prefix, value):
    """The tag a declaration gives a row: what a shared view names from its address (`book:<slug>`)."""
    return f"{prefix}:{value}"


def shown(model):
    """The model's declaration, or None when nothing cached shows its rows."""
    return TAGGED.get(model)


def _tag(prefix, value):
    if value is None or value == "":
        return None
    return f"{prefix}:{value}"


def _field_name(model, name):
    if name == "pk":
        return model._meta.pk.name
    try:
        return model._meta.get_field(name).name
    except FieldDoesNotExist:
        return name


# Rows that other rows point at, read once an operation: a cascade deleting a review's thirty likes
# asks for the review's book once.
_memo = threading.local()


def _remembered(model, pk, path):
    key = (model, pk, path)
    memo = getattr(_memo, "values", None)
    if memo is None:
        memo = _memo.values = {}
    if key not in memo:
        memo[key] = tuple(model._base_manager.filter(pk=pk).values_list(path, flat=True))
    return memo[key]


def _forget_remembered():
    _memo.values = {}


def _values(instance, path):
    """What path gives for instance: from the instance and the related rows it holds where it can."""
    obj, parts = instance, path.split("__")
    for at, part in enumerate(parts):
        if obj is None:
            return ()
        if part == "pk":
            return (obj.pk,)
        field = obj._meta.get_field(part)
        last = at == len(parts) - 1
        if not field.concrete or field.many_to_many:
            # A reverse or many-to-many relation: only the database knows the rows.
            rest = "__".join(parts[at:])
            # obj._meta.model, not type(obj): obj may be a lazy proxy (request.user).
            return tuple(obj._meta.model._base_manager.filter(pk=obj.pk).values_list(rest, flat=True)) if obj.pk else ()
        if not field.is_relation or last:
            return (getattr(obj, field.attname),)
        if field.is_cached(obj):
            obj = field.get_cached_value(obj)
            continue
        related_pk = getattr(obj, field.attname)
        if related_pk is None:
            return ()
        return _remembered(field.related_model, related_pk, "__".join(parts[at + 1 :]))
    return ()


class TaggedQuerySet(models.QuerySet):
    """update() and bulk_create() make stale what the rows showed (and, after a move, show now)."""

    def update(self, **kwargs):
        declared = shown(self.model)
        if declared is None:
            return super().update(**kwargs)
        if set(kwargs) <= declared.unshown:
            count = super().update(**kwargs)
            if count:
                invalidate(*declared.changed_tags(kwargs))  # a search vector: what search finds
            return count
        tags, named = declared.tags_in_database(self)
        count = super().update(**kwargs)
        changed = {_field_name(self.model, name) for name in kwargs}
        if changed & declared.sources:
            tags |= declared.tags_in_database(named)[0]
        tags |= declared.changed_tags(changed)
        invalidate(*tags)
        return count

    def bulk_create(self, objs, *args, invalidates=None, **kwargs):
        """invalidates: the tags of the pages these rows show on, when the caller knows them (a member's
        library import); else every page is made stale (an import of the site: the module's docstring)."""
        created = super().bulk_create(objs, *args, **kwargs)
        declared = shown(self.model)
        if created and declared is not None:
            invalidate(*(invalidates if invalidates is not None else (SITE,)), *declared.added_or_deleted_tags)
        return created


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    declared = shown(sender)
    instance._pagecache_before = set()
    if raw or instance._state.adding or instance.pk is None:
        return
    fields = None
    if update_fields is not None:
        fields = {_field_name(sender, name) for name in update_fields}
        if fields <= declared.unshown or not fields & declared.sources:
            return  # the rows cannot have moved: the tags read after the save are all there is
    tags, named = declared.tags_in_database([instance.pk])
    before = named.get(instance.pk)
    now = tuple(getattr(instance, sender._meta.get_field(name).attname) for name in declared.watched)
    if before is not None:
        tags |= declared.changed_between(before, now, written=fields)
    instance._pagecache_before = tags


def _after_save(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    declared = shown(sender)
    _forget_remembered()  # what related rows held is remembered within one delete's cascade, no longer
    if raw:
        invalidate(SITE)  # loaddata: what a page shows may not all be loaded yet
        return
    if update_fields is not None and {_field_name(sender, name) for name in update_fields} <= declared.unshown:
        return
    added = declared.added_or_deleted_tags if created else ()
    invalidate(*declared.tags_of(instance), *added, *getattr(instance, "_pagecache_before", ()))


_last_origin = threading.local()


def _before_delete(sender, instance, origin=None, **kwargs):
    declared = shown(sender)
    if origin is not getattr(_last_origin, "value", None):
        _last_origin.value = origin
        _forget_remembered()
    if isinstance(origin, models.QuerySet):
        origin_model = origin.model
    else:
        origin_model = type(origin) if isinstance(origin, models.Model) else None
    origin_declared = shown(origin_model) if origin_model not in (None, sender) else None
    if origin_declared is not None and origin_declared.site_when_changed:
        # Deleted with a book or a member, which is named all over the site: every page is stale anyway.
        invalidate(SITE)
        return
    tags = declared.tags_of(instance) | declared.added_or_deleted_tags
    if declared.site_when_changed:
        tags.add(SITE)
    invalidate(*tags)


def _m2m_changed(sender, instance, action, model, pk_set, **kwargs):
    if not action.startswith(("pre_", "post_")):
        return
    tags = set()
    for changed_model, pks in ((type(instance), [instance.pk]), (model, pk_set or ())):
        declared = shown(changed_model)
        if declared is not None:
            tags |= declared.tags_in_database(pks)[0] | declared.added_or_deleted_tags
    invalidate(*tags)


def _track(model, declared):
    TAGGED[model] = declared
    uid = f"pagecache:{model._meta.label}"
    pre_save.connect(_before_save, sender=model, weak=False, dispatch_uid=uid)
    post_save.connect(_after_save, sender=model, weak=False, dispatch_uid=uid)
    pre_delete.connect(_before_delete, sender=model, weak=False, dispatch_uid=uid)


def declare(model, prefix, path):
    """Add a lookup to model's declaration, making one if it has none (pagecache.mine's kinds)."""
    declared = shown(model)
    if declared is None:
        declared = Shown()
        declared.model = model
        _track(model, declared)
    declared.add(prefix, path)


def connect_many_to_many():
    """m2m changes of tagged models: connected once every model (and its through models) is ready."""
    for model in apps.get_models():
        for field in model._meta.local_many_to_many:
            if shown(model) is not None or shown(field.related_model) is not None:
                through = field.remote_field.through
                m2m_changed.connect(_m2m_changed, sender=through, weak=False, dispatch_uid=f"pagecache:{through}")
