/*
 * bianmin-handwriting: the kiosk's handwriting recogniser, a long-running helper of the core
 * (electron/core/handwriting/). zinnia (libzinnia) classifies with the tegaki simplified-Chinese
 * model; both are Debian packages. zinnia's own CLI only reads files, so this helper keeps the
 * model open and answers one request per line on stdin, one JSON line per request on stdout.
 *
 * Request:  <id> <nbest> <nstrokes> then, per stroke, <npoints> x y x y ...   (integers, 0..1000 box)
 * Answer:   {"id":7,"candidates":[{"c":"我","s":0.81},...]}
 *           {"id":7,"error":"<code>"}            (bad request: the line is refused, nothing else)
 * At start: {"ready":true,"characters":N}       or {"fatal":"model"} and exit status 2.
 *
 * The core validates every request before it gets here; the bounds are checked again because a
 * helper that trusts its input is one bug away from reading past a buffer.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zinnia.h>

#define BOX 1000
#define MAX_LINE 65536
#define MAX_NBEST 64 /* the core asks for 50 to re-rank them by shape (electron/core/handwriting/shape-reranker.ts) */
#define MAX_STROKES 64
#define MAX_POINTS 512
#define MAX_TOTAL_POINTS 8192
#define DEFAULT_MODEL "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model"

static int next_int(char **cursor, long min, long max, long *out) {
  char *end;
  errno = 0;
  long value = strtol(*cursor, &end, 10);
  if (end == *cursor || errno != 0 || value < min || value > max) return 0;
  if (*end != ' ' && *end != '\t' && *end != '\0' && *end != '\n' && *end != '\r') return 0;
  *cursor = end;
  *out = value;
  return 1;
}

static void print_json_string(const char *text) {
  putchar('"');
  for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
    if (*p == '"' || *p == '\\') printf("\\%c", *p);
    else if (*p < 0x20) printf("\\u%04x", *p);
    else putchar(*p);
  }
  putchar('"');
}

static void answer_error(long id, const char *code) {
  printf("{\"id\":%ld,\"error\":\"%s\"}\n", id, code);
  fflush(stdout);
}

static void handle(zinnia_recognizer_t *recognizer, zinnia_character_t *character, char *line) {
  char *cursor = line;
  long id, nbest, nstrokes;
  if (!next_int(&cursor, 0, LONG_MAX, &id)) { answer_error(-1, "bad-request"); return; }
  if (!next_int(&cursor, 1, MAX_NBEST, &nbest)) { answer_error(id, "bad-nbest"); return; }
  if (!next_int(&cursor, 1, MAX_STROKES, &nstrokes)) { answer_error(id, "bad-stroke-count"); return; }
  zinnia_character_clear(character);
  zinnia_character_set_width(character, BOX);
  zinnia_character_set_height(character, BOX);
  long total = 0;
  for (long s = 0; s < nstrokes; s++) {
    long npoints;
    if (!next_int(&cursor, 1, MAX_POINTS, &npoints)) { answer_error(id, "bad-point-count"); return; }
    total += npoints;
    if (total > MAX_TOTAL_POINTS) { answer_error(id, "too-many-points"); return; }
    for (long i = 0; i < npoints; i++) {
      long x, y;
      if (!next_int(&cursor, 0, BOX, &x) || !next_int(&cursor, 0, BOX, &y)) {
        answer_error(id, "bad-point");
        return;
      }
      zinnia_character_add(character, (size_t)s, (int)x, (int)y);
    }
  }
  while (*cursor == ' ' || *cursor == '\t' || *cursor == '\r' || *cursor == '\n') cursor++;
  if (*cursor != '\0') { answer_error(id, "trailing-data"); return; }

  zinnia_result_t *result = zinnia_recognizer_classify(recognizer, character, (size_t)nbest);
  if (result == NULL) { answer_error(id, "classify-failed"); return; }
  printf("{\"id\":%ld,\"candidates\":[", id);
  size_t size = zinnia_result_size(result);
  for (size_t i = 0; i < size; i++) {
    if (i > 0) putchar(',');
    printf("{\"c\":");
    print_json_string(zinnia_result_value(result, i));
    printf(",\"s\":%.4f}", zinnia_result_score(result, i));
  }
  printf("]}\n");
  fflush(stdout);
  zinnia_result_destroy(result);
}

int main(int argc, char **argv) {
  /* The model path is fixed at build time's default; argv[1] exists for the tests' missing-model case. */
  const char *model = argc > 1 ? argv[1] : DEFAULT_MODEL;
  zinnia_recognizer_t *recognizer = zinnia_recognizer_new();
  if (recognizer == NULL || !zinnia_recognizer_open(recognizer, model)) {
    printf("{\"fatal\":\"model\"}\n");
    fflush(stdout);
    return 2;
  }
  zinnia_character_t *character = zinnia_character_new();
  printf("{\"ready\":true,\"characters\":%zu}\n", zinnia_recognizer_size(recognizer));
  fflush(stdout);

  static char line[MAX_LINE + 2];
  while (fgets(line, sizeof line, stdin) != NULL) {
    size_t length = strlen(line);
    if (length > 0 && line[length - 1] != '\n' && !feof(stdin)) {
      /* Longer than any valid request: drop the rest of the line, refuse it. */
      int c;
      while ((c = getchar()) != EOF && c != '\n') {}
      answer_error(-1, "line-too-long");
      continue;
    }
    if (length <= 1) continue;
    handle(recognizer, character, line);
  }
  zinnia_character_destroy(character);
  zinnia_recognizer_destroy(recognizer);
  return 0;
}
