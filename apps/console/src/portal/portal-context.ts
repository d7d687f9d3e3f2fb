import { createContext, useContext } from 'react';
import { type ApiClient } from '../api/client';
import { type StoredSession } from './session';

export interface Portal {
  client: ApiClient;
  session: StoredSession;
}

export const PortalContext = createContext<Portal | undefined>(undefined);

export function usePortal(): Portal {
  const portal = useContext(PortalContext);
  if (!portal) throw new Error('usePortal() outside the portal');
  return portal;
}
