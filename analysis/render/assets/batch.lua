-- p2r: several conversions in one pandoc process, each exactly as its own `pandoc` command would do it.
--
--   pandoc lua batch.lua JOBS.json
--
-- JOBS.json is {pages, book}.  ``pages`` is a list of {input, from, to, filters, section_divs,
-- number_sections, number_offset, retitle}; ``book`` (or null) is {from, to, parts}, the PDF's
-- book: ``parts`` in order, each {page = i (1-based), unnumbered} (that page's prose as read, before any
-- retitle) or {raw = token} (a paragraph holding the token).  The answer on stdout is
-- {pages = [outputs], book = output or null}, as JSON.
--
-- Each page is read once, and the book is made of the pages as read, instead of reading the whole book's
-- prose again: starting pandoc costs about 20 ms, and reading the prose is most of a conversion.  What
-- reading the merged markdown would change is redone: heading identifiers are made unique across the
-- whole book (``assign_ids``) as pandoc's reader makes them, "unnumbered" marks the headings of the front
-- matter, and a retitled page gets its new first heading and its identifiers again.
local jobs_file = assert(arg[1], "usage: pandoc lua batch.lua JOBS.json")
local f = assert(io.open(jobs_file, "r"))
local jobs = pandoc.json.decode(f:read("a"), false)
f:close()

-- A filter file's global functions, as `pandoc --lua-filter=FILE` collects them (loaded once).
local loaded = {}
local function filter(path)
  if not loaded[path] then
    local env = setmetatable({}, { __index = _G })
    assert(loadfile(path, "t", env))()
    local fns = {}
    for name, fn in pairs(env) do
      if type(fn) == "function" then
        fns[name] = fn
      end
    end
    loaded[path] = fns
  end
  return loaded[path]
end

-- the command line's reader options: 72 columns (a pipe table with a longer line gets relative widths)
local READER = { columns = 72 }

local function read(input, from, filters)
  local doc = pandoc.read(input, from, READER)
  for _, path in ipairs(filters or {}) do
    doc = doc:walk(filter(path))
  end
  return doc
end

-- Heading identifiers as pandoc's markdown reader gives them to these headings in this order: each from
-- the heading's text, made unique against the ones before it.  The reader itself computes them, on a
-- document of the headings alone (the prose has no explicit heading identifiers).
local NO_WRAP = { wrap_text = "none" }
local function assign_ids(blocks, from)
  local heads = {}
  pandoc.Pandoc(blocks):walk({
    traverse = "topdown",
    Header = function(h)
      local text = pandoc.write(pandoc.Pandoc({ pandoc.Plain({ pandoc.Str(pandoc.utils.stringify(h.content)) }) }),
        "markdown", NO_WRAP)
      heads[#heads + 1] = string.rep("#", h.level) .. " " .. text:gsub("\n+$", "")
    end,
  })
  if #heads == 0 then
    return blocks
  end
  local ids = {}
  pandoc.read(table.concat(heads, "\n\n"), from, READER):walk({
    traverse = "topdown",
    Header = function(h)
      ids[#ids + 1] = h.identifier
    end,
  })
  assert(#ids == #heads, "could not make the heading identifiers")
  local k = 0
  return pandoc.Pandoc(blocks):walk({
    traverse = "topdown",
    Header = function(h)
      k = k + 1
      h.identifier = ids[k]
      return h
    end,
  }).blocks
end

-- Every heading "unnumbered", as the PDF's front matter has them (the class first, as the renderer's
-- markdown put it).
local function unnumbered(blocks)
  return pandoc.Pandoc(blocks):walk({
    Header = function(h)
      for _, c in ipairs(h.classes) do
        if c == "unnumbered" then
          return h
        end
      end
      h.classes:insert(1, "unnumbered")
      return h
    end,
  }).blocks
end

local function write(doc, to, job)
  local opts = {
    wrap_text = "none",
    section_divs = job.section_divs == true,
    number_sections = job.number_sections == true,
  }
  if job.number_offset then
    opts.number_offset = { job.number_offset }
  end
  local out = pandoc.write(doc, to, opts)
  -- as the command line ends its output: with one newline
  return out:sub(-1) == "\n" and out or out .. "\n"
end

local read_pages, pages_out = {}, {}
for i, job in ipairs(jobs.pages or {}) do
  local doc = read(job.input, job.from, job.filters)
  read_pages[i] = doc
  if job.retitle then
    -- the page's first top-level heading becomes the new one, and the page's identifiers follow it
    local new = read(job.retitle, job.from, job.filters).blocks[1]
    local blocks = doc.blocks:clone()
    for k, b in ipairs(blocks) do
      if b.t == "Header" and b.level == 1 then
        blocks[k] = new
        break
      end
    end
    doc = pandoc.Pandoc(assign_ids(blocks, job.from), doc.meta)
  end
  pages_out[i] = write(doc, job.to, job)
end

local book_out = pandoc.json.null
if jobs.book and jobs.book ~= pandoc.json.null then
  local b = jobs.book
  local blocks = pandoc.Blocks({})
  for _, part in ipairs(b.parts) do
    local these
    if part.page then
      these = read_pages[part.page].blocks:clone()
    else
      these = pandoc.Blocks({ pandoc.Para({ pandoc.Str(part.raw) }) })
    end
    if part.unnumbered then
      these = unnumbered(these)
    end
    blocks:extend(these)
  end
  book_out = write(pandoc.Pandoc(assign_ids(blocks, b.from)), b.to, b)
end
io.write(pandoc.json.encode({ pages = pages_out, book = book_out }))
