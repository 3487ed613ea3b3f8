import type { Config } from 'tailwindcss'

export default {
  content: ['./app/**/*.{ts,tsx}', './portal-supplier/**/*.{ts,tsx}', './portal-customer/**/*.{ts,tsx}'],
  theme: {
    extend: {
      fontFamily: {
        sans: ['Inter', 'system-ui', '"PingFang SC"', '"Microsoft YaHei"', '"Noto Sans SC"', 'sans-serif'],
      },
    },
  },
  plugins: [],
} satisfies Config
