import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** Keeps a broken page from blanking the app: the error is shown in place of the page, the navigation stays. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidUpdate(previous: { resetKey: string }) {
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="page-error" role="alert">
          <h2>This page failed to render</h2>
          <pre>{this.state.error.message}</pre>
          <p>The rest of fleetscope still works; pick another page or reload.</p>
        </div>
      );
    }
    return this.props.children;
  }
}
