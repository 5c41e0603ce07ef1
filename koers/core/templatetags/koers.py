import functools
import hashlib

from django import forms, template
from django.template.defaulttags import URLNode
from django.template.loader import render_to_string
from django.templatetags.i18n import TranslateNode
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix, reverse
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from koers.core import derived, reader
from koers.core.audit import action_label
from koers.core.links import url_for
from koers.core.markdown import render_markdown
from koers.core.navigation import HOME_URL_NAME, default_trail, label_for, navigation
from koers.core.selectors import failed_task_count
from koers.core.status import status_family

register = template.Library()


@register.simple_tag
def failed_tasks() -> int:
    return failed_task_count()


@register.filter
def aria(field: forms.BoundField):
    """Render a widget with its help text and errors tied to it for screen readers."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-help")
    attrs: dict[str, str | bool] = {}
    if field.errors:
        described.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    widget = field.as_widget(attrs=attrs)
    if field.field.show_hidden_initial:
        widget += field.as_hidden(only_initial=True)
    return widget


@register.filter
def is_checkbox(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_multiple_choice(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect)


@register.filter
def markdown(text: str):
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def page_url(context, page_number: int, param: str = "page", fragment: str = "") -> str:
    """The current URL with its filters kept and only the page number (``param``) changed, at ``fragment``."""
    query = context["request"].GET.copy()
    query[param] = page_number
    return "?" + urlencode(sorted(query.lists()), doseq=True) + (f"#{fragment}" if fragment else "")


@register.filter
def dict_get(mapping: dict, key):
    """``mapping[key]``, or nothing: for dictionaries keyed by ids."""
    return mapping.get(key, [])


@register.filter
def audit_action(value: str) -> str:
    """An audit action's label, from the app that declares it (koers.core.audit)."""
    return action_label(value)


@register.filter
def euro(amount: int | None) -> str:
    """A whole euro amount in the notation of the active language: € 350.000 in Dutch, € 350,000 in English.

    Grouping is forced here rather than switched on for every number (USE_THOUSAND_SEPARATOR), which
    would also group years, ids and counts.
    """
    if amount is None:
        return ""
    grouped = numberformat.format(
        amount,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=0,
        grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )
    return f"€ {grouped}"


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """The navigation groups for the header: see koers.core.navigation."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else ""
    url_name = match.url_name if match else ""
    query = request.META.get("QUERY_STRING", "") if request else ""
    return navigation(context["user"], namespace, url_name or "", query)


@register.inclusion_tag("core/_breadcrumbs.html")
def breadcrumbs(*crumbs):
    """Breadcrumbs from the start page to the current page.

    Each argument is one step: a URL name without arguments (``"portfolio:project-list"``, labelled as in the
    navigation), an object with ``get_absolute_url`` (labelled with its text), or, as the last argument, the
    label of the current page (``page_title`` is the page's title block). The start page comes first by
    itself; an empty object (a form that creates one) is left out.
    """
    steps = [{"label": label_for(HOME_URL_NAME), "url": reverse(HOME_URL_NAME)}]
    for position, crumb in enumerate(crumbs):
        last = position == len(crumbs) - 1
        if not last and (crumb in (None, "") or getattr(crumb, "pk", True) is None):
            continue  # no object yet (a form that creates one): the step falls out
        if hasattr(crumb, "get_absolute_url"):
            steps.append({"label": str(crumb), "url": crumb.get_absolute_url()})
        elif isinstance(crumb, str) and ":" in crumb and " " not in crumb and not last:
            steps.append({"label": label_for(crumb), "url": reverse(crumb)})
        elif last:
            steps.append({"label": str(crumb), "url": ""})
        else:
            raise template.TemplateSyntaxError(f"breadcrumb {crumb!r} is neither a URL name nor an object")
    return {"steps": steps}


@register.simple_tag
def status_badge(value, label):
    """A status badge in the colour of the value's family (koers.core.status). Built here rather than from a
    template: a list page shows hundreds, and a template per badge cost several times as much."""
    return format_html(
        '<span class="utrecht-status-badge utrecht-status-badge--{} status-badge" data-status="{}">{}</span>',
        status_family(value),
        value,
        label,
    )


class CaptureNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context) -> str:
        # Rendered (and so escaped) already; blocks inside stay overridable by child templates.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}…{% endcapture %}``: render once, use twice (the page title in <title> and
    in the breadcrumbs)."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


CSRF_FIELD = 'name="csrfmiddlewaretoken"'


class CachedUntilNode(template.Node):
    def __init__(self, nodelist, subject, name, parts):
        self.nodelist = nodelist
        self.subject = subject  # the topics; {% kept_form %}'s form
        self.name = name
        self.parts = parts

    def render(self, context) -> str:
        topics = list(dict.fromkeys(str(self.subject.resolve(context) or "").split()))  # each once
        if not topics:  # a part kept under no topic would never be worked out again
            raise template.TemplateSyntaxError(f"{{% cached_until %}} {self.name.token} names no topic")
        values = [part.resolve(context) for part in self.parts]
        if any(value is derived.UNKEPT for value in values):
            return self.nodelist.render(context)  # for this visitor alone (derived.query_key)
        parts = [self.name.resolve(context), get_language() or ""]
        parts += [getattr(value, "pk", value) for value in values]
        return _kept("cached_until", topics, parts, self.nodelist, context)


def _kept(tag: str, topics: list[str], parts: list, nodelist, context) -> str:
    """The part rendered by ``nodelist``, kept under ``topics`` with ``parts`` (its name first) as its key."""
    key = hashlib.sha256(repr(parts).encode()).hexdigest()

    def render_now() -> str:
        html = nodelist.render(context)
        if CSRF_FIELD in html:
            raise template.TemplateSyntaxError(
                f"{{% {tag} %}} {parts[0]!r} holds a form with a CSRF token, which belongs to one visitor"
            )
        return html

    return mark_safe(derived.remember(topics, key, render_now))  # noqa: S308 - rendered, and so escaped, by the template


class ForReaderNode(template.Node):
    def __init__(self, nodelist: template.NodeList):
        self.nodelist = nodelist

    def render(self, context) -> str:
        return reader.fill(self.nodelist.render(context), context)


@register.tag
def for_reader(parser, token):
    """``{% for_reader %}…{% endfor_reader %}``: the part, usually a kept one, with the reader's own markup (their
    CSRF token, the links to their own comments, their votes) in place of the marks its tags wrote
    (``koers.core.reader``)."""
    nodelist = parser.parse(("endfor_reader",))
    parser.delete_first_token()
    return ForReaderNode(nodelist)


@register.tag
def cached_until(parser, token):
    """``{% cached_until "portfolio institutions" "theme-colleges" theme %}…{% endcached_until %}``: the part
    rendered once and kept in the shared cache until any of the named topics changes (``koers.core.derived``).

    The key is the part's name, the language and the values after it (a model instance stands for its primary
    key): whatever else the part shows must be the same for every visitor who gets to it. A part that holds a
    form with a CSRF token cannot be kept (that token is the visitor's own) and fails when rendered."""
    return _kept_node(parser, token, CachedUntilNode, '"topic …"')


def _kept_node(parser, token, node: type["CachedUntilNode"], subject: str) -> "CachedUntilNode":
    """``{% tag subject "name" value … %}…{% endtag %}``."""
    tag, *bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f'usage: {{% {tag} {subject} "name" value … %}}…{{% end{tag} %}}')
    nodelist = parser.parse((f"end{tag}",))
    parser.delete_first_token()
    first, name, *parts = (parser.compile_filter(bit) for bit in bits)
    return node(nodelist, first, name, parts)


class KeptFormNode(CachedUntilNode):
    def render(self, context) -> str:
        kept = derived.form_key(self.subject.resolve(context))
        if kept is None:
            return self.nodelist.render(context)
        topics, form_key = kept
        parts = [self.name.resolve(context), get_language() or "", form_key]
        parts += [getattr(value, "pk", value) for value in (part.resolve(context) for part in self.parts)]
        return _kept("kept_form", topics, parts, self.nodelist, context)


@register.tag
def kept_form(parser, token):
    """``{% kept_form form "name" value … %}<form method="get">…</form>{% endkept_form %}``: a filter form
    rendered once per state and kept in the shared cache until a topic that follows its choices changes
    (``derived.form_key``: the form's fields, choices and shown values make the key). The values after the name
    are whatever else the part shows (a model instance stands for its primary key). A form with errors, or without
    a choice among rows, is rendered anew."""
    return _kept_node(parser, token, KeptFormNode, "form")


class FixedNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.rendered: dict[tuple[str, str], str] = {}  # by language and address prefix

    def render(self, context) -> str:
        key = (get_language() or "", get_script_prefix())
        html = self.rendered.get(key)
        if html is None:
            html = self.rendered[key] = self.nodelist.render(context)
        return html


def _written_out(expression) -> bool:
    """Whether a value in a tag is written out in the template (a quoted string), not looked up in the context."""
    if expression is None:
        return True
    if expression.filters:
        return False
    return isinstance(expression.var, str) or (
        isinstance(expression.var, template.Variable) and expression.var.lookups is None
    )


def _fixed(node: template.Node) -> bool:
    if isinstance(node, template.base.TextNode):
        return True
    if isinstance(node, TranslateNode):
        return node.asvar is None and _written_out(node.filter_expression) and _written_out(node.message_context)
    if isinstance(node, URLNode):
        return node.asvar is None and not node.args and not node.kwargs and _written_out(node.view_name)
    if isinstance(node, StaticNode):
        return node.varname is None and _written_out(node.path)
    return False


@register.tag
def fixed(parser, token):
    """``{% fixed %}…{% endfixed %}``: a part of a page that is the same for every visitor in a language (the
    stylesheets, the footer's links), rendered once per process, language and address prefix and then reused.

    It holds only text, ``{% translate "…" %}``, ``{% url "…" %}`` and ``{% static "…" %}`` with written-out
    values: anything that could differ between visitors or requests fails when the template is read."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("usage: {% fixed %}…{% endfixed %}")
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    for node in nodelist:
        if not _fixed(node):
            raise template.TemplateSyntaxError(
                "{% fixed %} holds only text and {% translate %}, {% url %} and {% static %} with written-out "
                f"values, not {node.token.contents if node.token else type(node).__name__!r}"
            )
    return FixedNode(nodelist)


@register.simple_tag
def language_select() -> str:
    """The footer's choice of language (label, list and button), the same for everyone in a language: rendered
    once per process and language (core/_language_select.html)."""
    return _language_select(get_language() or "")


@functools.cache
def _language_select(language: str) -> str:
    html = render_to_string("core/_language_select.html", {"LANGUAGE_CODE": language}).strip()
    return mark_safe(html)  # noqa: S308 - rendered, and so escaped, by the template


@register.inclusion_tag("core/_breadcrumbs.html", takes_context=True)
def page_breadcrumbs(context, nav, title):
    """The breadcrumbs a page gets by default: start, its section, the page it belongs under, the page itself.

    Pages in the navigation (and the start page) are the top level and get none."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    full = f"{match.namespace}:{match.url_name}" if match and match.url_name else ""
    return {"steps": default_trail(nav, full, str(title))}


@register.filter(name="status_family")
def status_family_filter(value) -> str:
    """The badge family of a state value, for a badge whose label is more than the state's name."""
    return status_family(value)


def links_to_profile(person, viewer) -> bool:
    """Whether a name links to the member's profile: profiles are for signed-in members, and only current members
    have one (not a former or erased member, nor a technical account without an institution)."""
    if person is None or not getattr(person, "pk", None):
        return False
    if viewer is None or not viewer.is_authenticated or not viewer.is_active:
        return False
    if not getattr(person, "is_active", True) or getattr(person, "anonymised_at", None) is not None:
        return False
    technical = getattr(person, "is_staff", False) and getattr(person, "institution_id", None) is None
    return not technical


@register.simple_tag(takes_context=True)
def member_link(context, person, fallback: str = ""):
    """A member's name, linked to their profile for a signed-in viewer; the plain name for a guest.

    ``person`` is a user or a member card (anything with ``pk`` and ``full_name``); None shows ``fallback``."""
    if person is None:
        return fallback
    request = context.get("request")
    viewer = getattr(request, "user", None) if request is not None else context.get("user")
    if links_to_profile(person, viewer):
        return format_html('<a href="{}">{}</a>', url_for("members:profile", person.pk), person.full_name)
    return person.full_name
