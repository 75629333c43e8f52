import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What to show instead of the children once they threw; gets the error. */
  fallback: (error: Error, reset: () => void) => ReactNode;
  /** Where it happened, for the console. */
  name: string;
  children: ReactNode;
}

/**
 * Keeps a failing part of the studio from blanking the whole window (React unmounts everything
 * above an uncaught render error): e.g. the 3D preview when the machine cannot give it a WebGL context.
 */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`studio: ${this.props.name} failed: ${error.message}`, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error) return this.props.fallback(this.state.error, () => this.setState({ error: null }));
    return this.props.children;
  }
}
