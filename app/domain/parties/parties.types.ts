// Client-safe: the shapes pages receive about organizations and people (explicit DTOs, never rows).
export type PersonStatus = 'invited' | 'active' | 'inactive'

export interface PersonDto {
  id: string
  name: string
  email: string
  roles: string[]
  status: PersonStatus
  locale: 'zh-CN' | 'en'
  createdAt: string
}

export interface PartnerOrgDto {
  id: string
  code: string
  nameEn: string
  nameZh: string
  region: string | null
  status: 'active' | 'inactive'
  userCount: number
}

export interface InvitationDto {
  name: string
  email: string
  orgNameEn: string
  orgNameZh: string
  inviterName: string | null
}
