#define NCURSES_WIDECHAR 1
#include <ncursesw/ncurses.h>
#include <langinfo.h>
#include <locale.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

// Small wrappers for what Swift cannot import from ncurses directly: cast macros, mouse
// masks, global counters, and the variadic ioctl. Prefixed `nd_`.

static inline attr_t nd_attr_normal(void) { return A_NORMAL; }
static inline attr_t nd_attr_bold(void) { return A_BOLD; }
static inline attr_t nd_attr_dim(void) { return A_DIM; }
static inline attr_t nd_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t nd_attr_reverse(void) { return A_REVERSE; }
static inline attr_t nd_attr_italic(void) { return A_ITALIC; }

static inline mmask_t nd_mouse_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t nd_mouse_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t nd_mouse_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t nd_mouse_wheel_up(void) { return BUTTON4_PRESSED; }
static inline mmask_t nd_mouse_wheel_down(void) { return BUTTON5_PRESSED; }

static inline int nd_colors(void) { return COLORS; }
static inline int nd_color_pairs(void) { return COLOR_PAIRS; }
static inline WINDOW *nd_stdscr(void) { return stdscr; }

/// Whether the current terminal can move the cursor (`cup`); false for TERM=dumb.
static inline int nd_has_cursor_addressing(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

/// The terminal size of `fd` (TIOCGWINSZ); 0 on success.
static inline int nd_terminal_size(int fd, int *rows, int *cols) {
    struct winsize size;
    memset(&size, 0, sizeof size);
    if (ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return -1;
    *rows = size.ws_row;
    *cols = size.ws_col;
    return 0;
}

/// Whether the C locale's character set (after setlocale) is UTF-8.
static inline int nd_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}
