import { Component, type ReactNode } from 'react';

interface ErrorBoundaryState {
  failed: boolean;
}

/**
 * A render crash must not leave a kiosk on a blank (or half-filled, personal) screen: show a
 * neutral notice and reload, which also discards all in-memory state.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; fallback: ReactNode }, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { failed: false };

  static getDerivedStateFromError(): ErrorBoundaryState {
    return { failed: true };
  }

  override componentDidCatch(): void {
    window.setTimeout(() => window.location.reload(), 3000);
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
