-- p2r: several conversions in one pandoc process, each exactly as its own `pandoc` command would do it.
--
--   pandoc lua batch.lua JOBS.json
--
-- JOBS.json is a list of jobs {input, from, to, filters, section_divs, number_sections, number_offset};
-- the answer on stdout is the list of outputs, in order, as JSON.  Starting pandoc costs about 20 ms,
-- more than converting most chapters; a book has a page per chapter.
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

local out = {}
for i, job in ipairs(jobs) do
  local doc = pandoc.read(job.input, job.from)
  for _, path in ipairs(job.filters or {}) do
    doc = doc:walk(filter(path))
  end
  local opts = {
    wrap_text = "none",
    section_divs = job.section_divs == true,
    number_sections = job.number_sections == true,
  }
  if job.number_offset then
    opts.number_offset = { job.number_offset }
  end
  out[i] = pandoc.write(doc, job.to, opts) .. "\n" -- as the command line ends its output
end
io.write(pandoc.json.encode(out))
