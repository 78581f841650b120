"""``{% once key … %}…{% endonce %}``: a part of a template rendered once per process for each language and value
of its keys, then reused.

For the parts of every page that depend on nothing of the request — the head's links, the navigation's labels and
URLs, the footer — whose ``{% translate %}``, ``{% url %}`` and ``{% static %}`` tags were a large share of a short
page's time. Everything the part shows must be named by its keys (resolved in the context, compared as text);
never put a CSRF token, a message or anything of one user in it without keying it by that.
"""

import threading

from django import template
from django.utils.translation import get_language

register = template.Library()

#: Rendered parts kept per process (cleared when full: they are cheap to render again).
MAX_PARTS = 4096
_parts: dict = {}
_lock = threading.Lock()


class OnceNode(template.Node):
    def __init__(self, nodelist, keys):
        self.nodelist, self.keys = nodelist, keys

    def render(self, context):
        key = (id(self), get_language(), *(str(k.resolve(context)) for k in self.keys))
        html = _parts.get(key)
        if html is None:
            html = self.nodelist.render(context)
            with _lock:
                if len(_parts) >= MAX_PARTS:
                    _parts.clear()
                _parts[key] = html
        return html


@register.tag("once")
def do_once(parser, token):
    keys = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    return OnceNode(nodelist, keys)
