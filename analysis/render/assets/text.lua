-- p2r, for writing generated prose back as markdown (the Quarto path): every piece of text is
-- written with the characters that could start markup backslash-escaped, so that nothing in it
-- (a "{=html}" after a code span, a "<", a "[", a "$") can read back as markup.
local ALWAYS = "[\\`*_{}%[%]<>#$@~^|&]"

function Str(el)
  local t = el.text:gsub(ALWAYS, "\\%0")
  if t:match("^[:!=+%-]") then
    t = "\\" .. t
  end
  -- a word that could read as a list marker at the start of a paragraph: 1. 2) a. iv)
  if t:match("^%d+%.$") or t:match("^%a[.)]$") or t:match("^[ivxlcdmIVXLCDM]+[.)]$") then
    t = t:sub(1, -2) .. "\\" .. t:sub(-1)
  end
  return pandoc.RawInline("markdown", t)
end
