-- p2r: generated prose is text.  Links go through an allow-list of schemes (http, https, mailto,
-- relative); anything else keeps its text and loses its target.  Images in prose become their
-- alt text (the package's own figures are not prose).  Key=value attributes are dropped, so no
-- prose can set an event handler or a style.
local SAFE = { http = true, https = true, mailto = true }

local function safe(url)
  local u = (url or ""):gsub("[%z\1-\32\127]", "")
  local scheme = u:match("^(%a[%w+.%-]*):")
  if scheme then
    return SAFE[scheme:lower()] == true
  end
  local head = u:match("^[^/?#]*") or ""
  return not head:find(":", 1, true)
end

local function no_kv(el)
  if el.attr then
    el.attributes = {}
    -- a class such as "=html" would be written back as a raw block
    local classes = {}
    for _, c in ipairs(el.classes) do
      if c:match("^[%w_][%w_%-]*$") then
        table.insert(classes, c)
      end
    end
    el.classes = classes
  end
  return el
end

function Link(el)
  if not safe(el.target) then
    return pandoc.Span(el.content)
  end
  return no_kv(el)
end

function Image(el)
  return pandoc.Span(el.caption)
end

Span = no_kv
Div = no_kv
Header = no_kv
Code = no_kv
CodeBlock = no_kv
Table = no_kv
