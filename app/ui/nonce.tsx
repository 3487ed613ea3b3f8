import { createContext, useContext } from 'react'

// The CSP nonce of the server render; the browser has no use for it after the first load.
export const NonceContext = createContext<string | undefined>(undefined)
export const useNonce = () => useContext(NonceContext)
