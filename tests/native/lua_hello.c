// SPDX-License-Identifier: BSD-2-Clause
/* Lua 5.4 on Tern: the standard libraries, error messages and the heap. */
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

static int passed, failed;

static int starts_with(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static void expect(const char *name, int ok, const char *detail)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("lua_hello: FAIL %s: %s\n", name, detail);
}

/* check(name, got, want) for the scripts: passes when got == want (raw equality). */
static int l_check(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);

	luaL_checkany(L, 3);
	if (lua_rawequal(L, 2, 3)) {
		passed++;
		return 0;
	}
	failed++;
	const char *got = luaL_tolstring(L, 2, NULL);
	const char *want = luaL_tolstring(L, 3, NULL);
	printf("lua_hello: FAIL %s: got '%s', want '%s'\n", name, got, want);
	return 0;
}

/* Message handler for lua_pcall: the message with a stack traceback (as lua.c does). */
static int traceback(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);

	if (!msg) {
		if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
			return 1;
		msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	}
	luaL_traceback(L, L, msg, 1);
	return 1;
}

/* Loads and runs a chunk; returns the lua_pcall status, leaves the error message on the stack. */
static int run(lua_State *L, const char *chunkname, const char *src)
{
	int status = luaL_loadbuffer(L, src, strlen(src), chunkname);

	if (status != LUA_OK)
		return status;
	lua_pushcfunction(L, traceback);
	lua_insert(L, -2);
	status = lua_pcall(L, 0, 0, -2);
	lua_remove(L, status == LUA_OK ? -1 : -2); /* the handler */
	return status;
}

/* A chunk that must run without error. */
static void run_ok(lua_State *L, const char *chunkname, const char *src)
{
	if (run(L, chunkname, src) != LUA_OK) {
		expect(chunkname, 0, lua_tostring(L, -1));
		lua_pop(L, 1);
		return;
	}
	expect(chunkname, 1, NULL);
}

static const char main_lua[] =
	"local function say(fmt, ...) print('lua: ' .. string.format(fmt, ...)) end\n"
	"print('Hello from ' .. _VERSION .. ' on Tern!')\n"
	"check('version', _VERSION, 'Lua 5.4')\n"
	"\n"
	"local s = string.format('%.3f %.2e %g %5.1f|%-6d|%x|%q', math.pi, 12345.678, 0.1,\n"
	"                        2.71828, 42, 255, 'a\\nb')\n"
	"say('format: %s', s:gsub('\\n', 'n'))\n"
	"check('string.format', s, '3.142 1.23e+04 0.1   2.7|42    |ff|\"a\\\\\\nb\"')\n"
	"check('tostring(float)', tostring(0.1 + 0.2) .. ' ' .. tostring(1e100) .. ' ' .. 2^63,\n"
	"      '0.3 1e+100 9.2233720368548e+18')\n"
	"\n"
	"local words = {'pear', 'fig', 'apple', 'kiwi', 'banana'}\n"
	"table.sort(words)\n"
	"local nums = {5, -3, 9.5, 1, 7, 0}\n"
	"table.sort(nums, function(a, b) return a > b end)\n"
	"local sorted = table.concat(words, ' ') .. ' / ' .. table.concat(nums, ' ')\n"
	"say('sort: %s', sorted)\n"
	"check('table.sort', sorted, 'apple banana fig kiwi pear / 9.5 7 5 1 0 -3')\n"
	"\n"
	"local function counter(step)\n"
	"  local n = 0\n"
	"  return function() n = n + step; return n end\n"
	"end\n"
	"local c1, c2 = counter(1), counter(10)\n"
	"c1(); c2(); c1()\n"
	"local a, b = c1(), c2()\n"
	"say('closure: %d %d', a, b)\n"
	"check('closure', a * 100 + b, 320)\n"
	"\n"
	"local fib = coroutine.wrap(function()\n"
	"  local x, y = 0, 1\n"
	"  while true do coroutine.yield(x); x, y = y, x + y end\n"
	"end)\n"
	"local f = {}\n"
	"for i = 1, 12 do f[i] = fib() end\n"
	"local co = coroutine.create(function(x) local y = coroutine.yield(x * 2); return x + y "
	"end)\n"
	"local _, r1 = coroutine.resume(co, 20)\n"
	"local _, r2 = coroutine.resume(co, 1)\n"
	"say('coroutine: %s; resume %d then %d, %s', table.concat(f, ','), r1, r2,\n"
	"    coroutine.status(co))\n"
	"check('coroutine.wrap', table.concat(f, ','), '0,1,1,2,3,5,8,13,21,34,55,89')\n"
	"check('coroutine.resume', r1 * 100 + r2, 4021)\n"
	"check('coroutine.status', coroutine.status(co), 'dead')\n"
	"\n"
	"local div = string.format('%d %s %d %s %s %d %s', 7 // 2, 7 / 2, -7 // 2, 7.0 // 2,\n"
	"                          1 / 0, 7 % -3, math.type(6 // 2))\n"
	"local ok, err = pcall(function(z) return 1 // z end, 0)\n"
	"say('division: %s; 1//0: %s', div, err)\n"
	"check('division', div, '3 3.5 -4 3.0 inf -2 integer')\n"
	"check('1//0 fails', ok, false)\n"
	"check('1//0 message', (err:gsub(':%d+:', ':N:')), 'main.lua:N: attempt to divide by "
	"zero')\n"
	"\n"
	"local k, v = string.match('  answer = 42  ', '(%a+)%s*=%s*(%d+)')\n"
	"local csv, n = string.gsub('a,b,,c', ',', ';')\n"
	"local w = {}\n"
	"for word in string.gmatch('The quick brown fox', '%a+') do w[#w + 1] = word:lower() end\n"
	"local date = string.gsub('2024-05-17', '(%d+)-(%d+)-(%d+)', '%3/%2/%1')\n"
	"local pat = string.format('%s=%s %s %d %s %s %d %d', k, v, csv, n, table.concat(w, '+'),\n"
	"                          date, string.find('hello tern', 't%a+'))\n"
	"say('patterns: %s', pat)\n"
	"check('patterns', pat, 'answer=42 a;b;;c 3 the+quick+brown+fox 17/05/2024 7 10')\n"
	"\n"
	"local u = utf8.char(72, 228, 8364, 128512)\n"
	"local cps = {}\n"
	"for _, c in utf8.codes(u) do cps[#cps + 1] = c end\n"
	"local hex = u:gsub('.', function(ch) return string.format('%02x', ch:byte()) end)\n"
	"say('utf8: %d chars in %d bytes (%s): %s', utf8.len(u), #u, hex, table.concat(cps, ' '))\n"
	"check('utf8.char', hex, '48c3a4e282acf09f9880')\n"
	"check('utf8.codes', table.concat(cps, ' '), '72 228 8364 128512')\n"
	"check('utf8.len', utf8.len(u), 4)\n"
	"\n"
	"local wraps = math.maxinteger + 1 == math.mininteger\n"
	"say('math: maxinteger %d, +1 wraps to mininteger: %s, sqrt(2) %.10f, floor(-3.5) %d',\n"
	"    math.maxinteger, wraps, math.sqrt(2), math.floor(-3.5))\n"
	"check('math.maxinteger', tostring(math.maxinteger), '9223372036854775807')\n"
	"check('integer wrap', wraps, true)\n"
	"check('math.sqrt', string.format('%.10f', math.sqrt(2)), '1.4142135624')\n"
	"check('math.floor', math.floor(-3.5), -4)\n"
	"check('math.type', math.type(1) .. ' ' .. math.type(1.0) .. ' ' .. "
	"tostring(math.type('1')),\n"
	"      'integer float nil')\n"
	"check('tonumber', tonumber('  0x10  ') + tonumber('1e3') + tonumber('z', 36), 1051.0)\n"
	"\n"
	"io.write('lua: io.write: ', 42, ' ', 1.5, '\\n')\n"
	"local f0, ferr = io.open('rom/missing.lua')\n"
	"say('io.open: %s', ferr)\n"
	"check('io.open fails', f0, nil)\n"
	"\n"
	"say('os: date(0) %s, date(!3725) %s, time{2000-01-01} %d, execute() %s, getenv %s',\n"
	"    os.date('!%Y-%m-%d %H:%M:%S', 0), os.date('!%H:%M:%S', 3725),\n"
	"    os.time{year = 2000, month = 1, day = 1, hour = 0}, os.execute(), os.getenv('HOME'))\n"
	"check('os.date', os.date('!%Y-%m-%d %H:%M:%S', 0), '1970-01-01 00:00:00')\n"
	"check('os.time{}', os.time{year = 2000, month = 1, day = 1, hour = 0}, 946684800)\n"
	"check('os.time()', math.type(os.time()), 'integer')\n"
	"check('os.clock()', math.type(os.clock()), 'float')\n"
	"check('os.execute() has no shell', os.execute(), false)\n"
	"local rm, rmerr = os.remove('rom/missing.lua')\n"
	"say('os.remove: %s', rmerr)\n"
	"check('os.remove fails', rm, nil)\n"
	"check('os.rename fails', (os.rename('a', 'b')), nil)\n"
	"\n"
	"check('require(\"string\")', require('string'), string)\n"
	"local rok, rerr = pcall(require, 'nosuch')\n"
	"say('require: %s', (rerr:gsub('\\n\\t', '; ')))\n"
	"check('require fails', rok, false)\n"
	"check('require looks in rom/', rerr:match(\"no file 'rom/nosuch.lua'\") ~= nil, true)\n"
	"local _, lerr = package.loadlib('x.so', 'f')\n"
	"say('package.loadlib: %s', lerr)\n"
	"\n"
	"local info, tb = debug.getinfo(1, 'Sl'), debug.traceback('here', 1)\n"
	"say('debug: getinfo %s:%d; traceback %s', info.short_src, info.currentline,\n"
	"    (tb:gsub('\\n\\t?', '; ')))\n"
	"check('debug.getinfo', info.short_src .. ':' .. info.currentline .. ':',\n"
	"      tb:match('\\n\\t(main.lua:%d+:)'))\n"
	"\n"
	"local t0, c0 = os.time(), os.clock()\n"
	"local spin = 0\n"
	"while os.clock() - c0 < 0.05 do spin = spin + 1 end\n"
	"say('os: time() %d s since boot, clock() %.2f s, spun %d times in 50 ms', t0, c0,\n"
	"    spin)\n"
	"check('os.clock() advances', os.clock() - c0 >= 0.05, true)\n";

/* A syntax error on line 3. */
static const char broken_lua[] = "local x = 1\n"
				 "local y = 2\n"
				 "local z = = 3\n"
				 "return x + y + z\n";

/* Run-time errors: error() with a message, and a call of nil. */
static const char boom_lua[] = "-- fails at run time\n"
			       "local function explode(what)\n"
			       "  error('boom: ' .. what)\n"
			       "end\n"
			       "local t = {}\n"
			       "explode('the ' .. #t .. ' tables')\n";
static const char nil_lua[] = "local cfg = {}\n"
			      "cfg.start()\n";

static const char memory_lua[] =
	"local function say(fmt, ...) print('lua: ' .. string.format(fmt, ...)) end\n"
	"collectgarbage('collect')\n"
	"local base = collectgarbage('count')\n"
	"local keep, n = {}, 0\n"
	"while collectgarbage('count') - base < 2048 do\n"
	"  n = n + 1\n"
	"  keep[n] = {string.rep('x', 100) .. n, n}\n"
	"end\n"
	"local peak = collectgarbage('count')\n"
	"keep = nil\n"
	"collectgarbage('collect')\n"
	"local after = collectgarbage('count')\n"
	"say('memory: %d objects, %d KiB in use; after collect %d KiB', n, peak // 1, after // 1)\n"
	"check('collect frees', after < base + 256 and peak > base + 2048, true)\n"
	"\n"
	"local ok, err = pcall(string.rep, 'x', 256 * 1024 * 1024)\n"
	"say('memory: 256 MiB string: %s', err)\n"
	"check('256 MiB string fails', ok, false)\n"
	"check('256 MiB string message', err, 'not enough memory')\n"
	"\n"
	"local parts = {}\n"
	"ok, err = pcall(function()\n"
	"  for i = 1, math.huge do parts[i] = string.rep('y', 1000) .. i end\n"
	"end)\n"
	"local filled = #parts\n"
	"parts = nil\n"
	"collectgarbage('collect')\n"
	"say('memory: heap full after %d strings of 1 KiB: %s; after collect %d KiB',\n"
	"    filled, err, collectgarbage('count') // 1)\n"
	"check('heap exhaustion fails', ok, false)\n"
	"check('heap exhaustion message', err, 'not enough memory')\n"
	"check('heap exhaustion size', filled > 4096, true)\n"
	"local big = string.rep('z', 1024 * 1024)\n"
	"say('memory: a 1 MiB string after recovery: %d bytes', #big)\n"
	"check('recovered', #big, 1024 * 1024)\n";

int main(void)
{
	lua_State *L = luaL_newstate();

	if (!L) {
		printf("lua_hello: cannot create a Lua state\n");
		return 1;
	}
	luaL_openlibs(L);
	lua_register(L, "check", l_check);

	run_ok(L, "@main.lua", main_lua);

	/* A syntax error names the chunk, the line and the cause. */
	int status = run(L, "@rom/broken.lua", broken_lua);
	const char *msg = lua_tostring(L, -1);
	printf("lua_hello: syntax error: %s\n", msg ? msg : "(none)");
	expect("syntax error status", status == LUA_ERRSYNTAX, "not LUA_ERRSYNTAX");
	expect("syntax error message",
	       msg && strcmp(msg, "rom/broken.lua:3: unexpected symbol near '='") == 0,
	       "message differs");
	lua_pop(L, 1);

	/* Run-time errors carry file:line and, through the handler, a traceback. */
	status = run(L, "@rom/boom.lua", boom_lua);
	msg = lua_tostring(L, -1);
	printf("lua_hello: runtime error: %s\n", msg ? msg : "(none)");
	expect("error() status", status == LUA_ERRRUN, "not LUA_ERRRUN");
	expect("error() message", starts_with(msg, "rom/boom.lua:3: boom: the 0 tables\n"),
	       "message differs");
	expect("error() traceback", msg && strstr(msg, "\n\trom/boom.lua:6: in main chunk"),
	       "no traceback");
	lua_pop(L, 1);

	status = run(L, "@rom/nil.lua", nil_lua);
	msg = lua_tostring(L, -1);
	printf("lua_hello: runtime error: %s\n", msg ? msg : "(none)");
	expect("call nil message",
	       status == LUA_ERRRUN &&
		       starts_with(msg,
				   "rom/nil.lua:2: attempt to call a nil value (field 'start')"),
	       "message differs");
	lua_pop(L, 1);

	run_ok(L, "@memory.lua", memory_lua);

	expect("stack balanced", lua_gettop(L) == 0, "values left on the Lua stack");
	lua_close(L);
	printf("lua_hello: %d checks passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
