/**
 * A modal notice over the current screen, rendered into #modal-root beside the app. While any
 * modal is open the app behind it is inert (no touch or focus reaches it) but stays mounted:
 * the screen underneath keeps its state. A later modal (the inactivity warning) sits on top.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

let openModals = 0;

interface ModalProps {
  title: string;
  testId: string;
  children: ReactNode;
  onClose(): void;
  role?: 'dialog' | 'alertdialog';
  describedBy?: string;
  /** 'sheet': wide and low, for the keyboard (a keyboard's rows must not wrap). */
  variant?: 'dialog' | 'sheet';
}

export function Modal({ title, testId, children, onClose, role = 'dialog', describedBy, variant = 'dialog' }: ModalProps) {
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const app = document.getElementById('root');
    openModals += 1;
    if (app) app.inert = true;
    box.current?.querySelector<HTMLElement>('button')?.focus();
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') close.current();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      openModals -= 1;
      if (app && openModals === 0) app.inert = false;
    };
  }, []);
  return createPortal(
    <div className={`overlay overlay-${variant}`}>
      <div ref={box} className={`dialog dialog-${variant}`} role={role} aria-modal="true" aria-labelledby={titleId} aria-describedby={describedBy} data-testid={testId}>
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>,
    document.getElementById('modal-root') ?? document.body,
  );
}
