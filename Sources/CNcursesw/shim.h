// The wide-character ncurses API (add_wch, setcchar, extended colour pairs).
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <ncursesw/curses.h>

// Mouse masks, which are macros Swift cannot import.
static inline mmask_t landscape_mouse_click(void) { return BUTTON1_CLICKED | BUTTON1_PRESSED; }
static inline mmask_t landscape_wheel_up(void) { return BUTTON4_PRESSED; }
static inline mmask_t landscape_wheel_down(void) { return BUTTON5_PRESSED; }
