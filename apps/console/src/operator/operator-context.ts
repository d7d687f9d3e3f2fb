import { createContext, useContext } from 'react';
import { type ApiClient } from '../api/client';

export const OperatorContext = createContext<ApiClient | undefined>(undefined);

export function useOperator(): ApiClient {
  const client = useContext(OperatorContext);
  if (!client) throw new Error('useOperator() outside the operator console');
  return client;
}
