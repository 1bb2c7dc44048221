/**
 * Text that wraps only between words, never inside one: 交通违法 / 查询 rather than 交通违 / 法查询,
 * "Application / progress" rather than "Applicat- / ion". Chinese has no spaces, so the words come
 * from the browser's own segmenter (ICU's dictionary); each word is kept on one line and the line
 * may break between them. Without Intl.Segmenter the text is left to the browser.
 */
import { Fragment, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { labelLines, wordsOf } from './label-lines.ts';

/** A control's label that wraps, if at all, once and between words (the elder top bar wraps labels inside their buttons). */
export function Label({ text, lang }: { text: string; lang?: string }) {
  const { i18n } = useTranslation();
  const lines = useMemo(() => labelLines(text, lang ?? i18n.language), [text, lang, i18n.language]);
  // Words separated by spaces keep a space between the lines (where the line may break); CJK needs none.
  const gap = /\s/.test(text) ? ' ' : '';
  return (
    <span className="label-words">
      {lines.map((line, index) => (
        <Fragment key={index}>
          {index > 0 && gap}
          <span className="keep-word">{line}</span>
        </Fragment>
      ))}
    </span>
  );
}

export function KeepWords({ text, lang }: { text: string; lang: string }) {
  const words = useMemo(() => wordsOf(text, lang), [text, lang]);
  return (
    <>
      {words.map((word, index) =>
        word.trim() === '' ? (
          word
        ) : (
          <span key={index} className="keep-word">
            {word}
          </span>
        ),
      )}
    </>
  );
}
